/**
 * The app's container registry: images encrypted with the app key, scanned on push, tags immutable so
 * a deployed tag always means the same image, and untagged layers expired.
 */
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';
import { ResolvedEcrRepository } from '../../config/resolve-environment';
import { EnvironmentContext } from './environment-context';

/** Untagged images (layers of superseded builds) are removed after this many days. */
const UNTAGGED_EXPIRY_DAYS = 14;

export interface AppEcrRepositoryProps {
  ctx: EnvironmentContext;
  kmsKeyArn: string;
  /** Whether `terraform destroy` may delete images with the repository (`ecr.forceDelete` in the tier table). */
  settings: ResolvedEcrRepository;
}

export class AppEcrRepository extends Construct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: AppEcrRepositoryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, 'repository', {
      name: props.ctx.names.prefix,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.kmsKeyArn }],
      forceDelete: props.settings.forceDelete,
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: 'Expire untagged images',
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: UNTAGGED_EXPIRY_DAYS },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
