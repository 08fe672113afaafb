/** The app's ECR repository on its own: immutable, scanned, KMS-encrypted images, kept on destroy in production. */
import { AppEcrRepository } from '../../blueprints/building-blocks/ecr-repository';
import { blockContext, resource, synthBlock, tierDefaults, TIERS } from '../support/building-block-synth';

describe.each(TIERS)('AppEcrRepository, %s tier', (tier) => {
  const production = tier === 'production';
  const json = synthBlock(
    (scope) =>
      new AppEcrRepository(scope, 'ecr', {
        ctx: blockContext(),
        kmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/app',
        settings: { forceDelete: tierDefaults(tier).value('ecr.forceDelete', 'ecr.forceDelete', undefined) },
      }),
  );
  const repository = resource(json, 'aws_ecr_repository', 'ecr_repository');

  it('refuses to delete a production repository that still holds images (force_delete false); test environments are torn down with theirs', () => {
    expect(repository.force_delete).toBe(!production);
  });

  it('makes tags immutable, so a deployed tag always means the same image', () => {
    expect(repository.image_tag_mutability).toBe('IMMUTABLE');
  });

  it('scans every pushed image', () => {
    expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
  });

  it("encrypts images with the app's KMS key", () => {
    expect(repository.encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: 'arn:aws:kms:eu-central-1:123456789012:key/app' }]);
  });

  it('is named after the environment', () => {
    expect(repository.name).toBe('shop-test');
  });

  it('expires untagged images after 14 days, and only those', () => {
    const lifecycle = resource(json, 'aws_ecr_lifecycle_policy', 'ecr_lifecycle');
    expect(JSON.parse(lifecycle.policy)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: 'Expire untagged images',
          selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 14 },
          action: { type: 'expire' },
        },
      ],
    });
  });
});
