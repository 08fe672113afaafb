/**
 * aws_acm_certificate: a requested certificate is imported by ARN with the arguments that reproduce
 * it (domain, SANs, validation method, a non-default key algorithm, tags; defaults left out); a
 * certificate imported into ACM is skipped, because only its private key reproduces it, and that key
 * appears nowhere. The plan of the generated code is proven in added-types-round-trip.test.ts.
 */
import { formatManifest } from '../../../terraform-import/manifest/manifest';
import { createCertificate, importCertificate } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

describe('aws_acm_certificate discovery', () => {
  const { emulator } = useImportEmulator();

  it('imports a requested certificate with its reproducing arguments, and skips one imported into ACM without its key', async () => {
    const requested = await createCertificate(emulator());
    const imported = await importCertificate(emulator());
    const { manifest, code, calls } = await discoverTypes(['aws_acm_certificate']);
    const entries = manifest.entries;

    const entry = entries.find((e) => e.id === requested.arn)!;
    expect([entry.name, entry.decision, entry.address, entry.importId]).toEqual(['shop_cert', 'import', 'aws_acm_certificate.shop_cert', requested.arn]);
    expect(entry.resource.attributes).toEqual({
      domainName: 'shop.example.com',
      subjectAlternativeNames: ['shop.example.com', 'www.shop.example.com'],
      validationMethod: 'DNS',
      // the emulator reports the requested algorithm (launcher extension); RSA_2048 would be left out
      keyAlgorithm: 'EC_prime256v1',
      tags: { Name: 'shop-cert', Team: 'web' },
    });

    const skipped = entries.find((e) => e.id === imported.arn)!;
    expect([skipped.decision, skipped.reason]).toEqual(['skip', expect.stringContaining('private key, which no API returns')]);
    // the key is never read: neither the manifest nor the generated code holds any line of it
    const written = `${formatManifest(manifest)}${code}`;
    expect(imported.privateKey.split('\n').filter((line) => line.length > 20 && written.includes(line))).toEqual([]);

    expect(callsNotAllowed(calls, ['aws_acm_certificate'])).toEqual([]);
  });
});
