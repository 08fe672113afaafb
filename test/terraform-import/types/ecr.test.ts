/** aws_ecr_repository: imported by name, immutability and scan-on-push as set, force_delete left to Terraform (ignored). */
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_ecr_repository', () => {
  const { sdk } = useImportEmulator();

  beforeAll(async () => {
    const ecr = new ECRClient(sdk());
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'legacy/app', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, tags: [{ Key: 'Team', Value: 'platform' }] }));
    await ecr.send(new CreateRepositoryCommand({ repositoryName: 'plain' }));
    ecr.destroy();
  });

  it('imports a repository by name with its non-default settings, and ignores force_delete', async () => {
    const found = await discoverTypes(['aws_ecr_repository']);
    const repo = found.entry('aws_ecr_repository', 'legacy/app');
    expect([repo.importId, repo.resource.name, repo.decision, repo.reason, repo.address]).toEqual(['legacy/app', 'legacy/app', 'import', 'discovered, not managed by Terraform', 'aws_ecr_repository.legacy_app']);
    expect(repo.resource.attributes).toEqual({ name: 'legacy/app', imageTagMutability: 'IMMUTABLE', imageScanningConfiguration: { scanOnPush: true }, tags: { Team: 'platform' } });
    expect(constructOf(found.code, repo).body).toContain('lifecycle: { ignoreChanges: ["force_delete"] },');
    // MUTABLE, no scanning and AES256 encryption are the defaults
    expect(found.entry('aws_ecr_repository', 'plain').resource.attributes).toEqual({ name: 'plain' });
  });
});
