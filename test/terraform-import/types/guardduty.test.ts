/** aws_guardduty_detector: the region's detector imported by its ID, publishing frequency only when not SIX_HOURS. */
import { CreateDetectorCommand, GuardDutyClient } from '@aws-sdk/client-guardduty';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('import type aws_guardduty_detector', () => {
  const { sdk } = useImportEmulator();
  let detector: string;

  beforeAll(async () => {
    const guardduty = new GuardDutyClient(sdk());
    detector = (await guardduty.send(new CreateDetectorCommand({ Enable: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' }))).DetectorId!;
    guardduty.destroy();
  });

  it('imports the detector by ID, named after the region when untagged', async () => {
    const found = await discoverTypes(['aws_guardduty_detector']);
    const d = found.entry('aws_guardduty_detector', detector);
    expect([d.importId, d.resource.name, d.decision, d.reason, d.address]).toEqual([detector, 'guardduty_eu-central-1', 'import', 'discovered, not managed by Terraform', 'aws_guardduty_detector.guardduty_eu_central_1']);
    // enabled is the default
    expect(d.resource.attributes).toEqual({ findingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(constructOf(found.code, d).imported).toBe(true);
  });
});
