import { GetParametersCommand, ListTagsForResourceCommand, paginateDescribeParameters } from '@aws-sdk/client-ssm';
import { AttrValue, DiscoveredResource, kmsKeyRef, SECRET_PLACEHOLDER, tagMap } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** GetParameters takes at most 10 names per call. */
const BATCH = 10;
/** DescribeParameters answers 10 a page unless asked for its maximum, 50 (moto 5.2.5 pages by 10 whatever is asked). */
const PAGE = 50;

/**
 * SSM parameters. Values are read for String and StringList parameters only, and never decrypted:
 * a SecureString's value is not fetched at all, so it cannot reach the manifest or the code; the
 * generated resource ignores changes to it.
 */
export const ssmParameterType: ResourceTypeModule = {
  type: 'aws_ssm_parameter',
  resource: { module: 'ssm-parameter', className: 'SsmParameter' },
  iamActions: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:ListTagsForResource'],
  async discover(ctx) {
    const parameters = await collect(paginateDescribeParameters({ client: ctx.clients.ssm, pageSize: PAGE }, {}), (p) => p.Parameters);
    const plain = parameters.filter((p) => p.Type !== 'SecureString').map((p) => p.Name!);
    const values = new Map<string, string>();
    for (let i = 0; i < plain.length; i += BATCH) {
      // WithDecryption stays false: only plain parameters are asked for.
      const out = await ctx.clients.ssm.send(new GetParametersCommand({ Names: plain.slice(i, i + BATCH), WithDecryption: false }));
      for (const p of out.Parameters ?? []) values.set(p.Name!, p.Value ?? '');
    }
    return ctx.each('aws_ssm_parameter', parameters, (p) => p.Name!, async (p): Promise<DiscoveredResource> => {
      const tags = tagMap((await ctx.clients.ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: p.Name }))).TagList);
      const secure = p.Type === 'SecureString';
      const attributes: Record<string, AttrValue> = {
        name: p.Name!,
        type: p.Type!,
        // the provider requires a value: a SecureString gets a placeholder that ignore_changes never applies
        value: secure ? SECRET_PLACEHOLDER : (values.get(p.Name!) ?? ''),
        ...(p.Description ? { description: p.Description } : {}),
        ...(secure && p.KeyId && p.KeyId !== 'alias/aws/ssm' ? { keyId: kmsKeyRef(p.KeyId) } : {}),
        ...(p.Tier && p.Tier !== 'Standard' ? { tier: p.Tier } : {}),
        ...(p.DataType && p.DataType !== 'text' ? { dataType: p.DataType } : {}),
        ...(p.AllowedPattern ? { allowedPattern: p.AllowedPattern } : {}),
        ...tagsArgument(tags),
      };
      return {
        type: 'aws_ssm_parameter',
        id: p.Name!,
        importId: p.Name!,
        name: p.Name!,
        tags,
        altIds: p.ARN ? [p.ARN] : [],
        secretArguments: secure ? ['value'] : undefined,
        notes: secure ? { value: 'A placeholder: the provider requires a value; ignore_changes (below) keeps it from being applied.' } : undefined,
        attributes,
      };
    });
  },
};
