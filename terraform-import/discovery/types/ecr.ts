import { ListTagsForResourceCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import { DiscoveredResource, kmsKeyRef } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

export const ecrRepositoryType: ResourceTypeModule = {
  type: 'aws_ecr_repository',
  resource: { module: 'ecr-repository', className: 'EcrRepository' },
  iamActions: ['ecr:DescribeRepositories', 'ecr:ListTagsForResource'],
  async discover(ctx) {
    const repositories = await collect(paginateDescribeRepositories({ client: ctx.clients.ecr }, {}), (p) => p.repositories);
    return ctx.each('aws_ecr_repository', repositories, (r) => r.repositoryName!, async (r): Promise<DiscoveredResource> => {
      const tags = Object.fromEntries(((await ctx.clients.ecr.send(new ListTagsForResourceCommand({ resourceArn: r.repositoryArn }))).tags ?? []).map((t) => [t.Key!, t.Value ?? '']));
      const encryption = r.encryptionConfiguration;
      return {
        type: 'aws_ecr_repository',
        id: r.repositoryName!,
        importId: r.repositoryName!,
        name: r.repositoryName!,
        tags,
        altIds: [r.repositoryArn!],
        // whether `terraform destroy` may delete a repository that still holds images: Terraform's to say
        terraformOnlyArguments: ['forceDelete'],
        attributes: {
          name: r.repositoryName!,
          // provider default MUTABLE
          ...(r.imageTagMutability && r.imageTagMutability !== 'MUTABLE' ? { imageTagMutability: r.imageTagMutability } : {}),
          ...(r.imageScanningConfiguration?.scanOnPush ? { imageScanningConfiguration: { scanOnPush: true } } : {}),
          ...(encryption?.encryptionType === 'KMS'
            ? { encryptionConfiguration: [{ encryptionType: 'KMS', ...(encryption.kmsKey ? { kmsKey: kmsKeyRef(encryption.kmsKey) } : {}) }] }
            : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
