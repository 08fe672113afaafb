/**
 * ACM certificates (aws_acm_certificate), imported by ARN. An Amazon-issued or private certificate
 * is reproduced by what it was requested with: domain name, SANs, validation method (or the private
 * CA), key algorithm, transparency logging and tags. A certificate imported into ACM is reproduced
 * only by its private key, which no API returns: it is skipped with that reason, never half-written.
 */
import { DescribeCertificateCommand, KeyAlgorithm, ListTagsForCertificateCommand, paginateListCertificates } from '@aws-sdk/client-acm';
import { DiscoveredResource, ref, tagMap } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** ListCertificates lists RSA-2048 keys only unless asked for every key type. */
const EVERY_KEY_TYPE = Object.values(KeyAlgorithm);
/** Provider default (and ACM's). */
const DEFAULT_KEY_ALGORITHM = 'RSA_2048';

const sans = (domain: string, names: string[]) => [...names.filter((n) => n === domain), ...names.filter((n) => n !== domain).sort()];

export const acmCertificateType: ResourceTypeModule = {
  type: 'aws_acm_certificate',
  resource: { module: 'acm-certificate', className: 'AcmCertificate' },
  iamActions: ['acm:ListCertificates', 'acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
  async discover(ctx) {
    const listed = await collect(paginateListCertificates({ client: ctx.clients.acm }, { Includes: { keyTypes: EVERY_KEY_TYPE } }), (p) => p.CertificateSummaryList);
    return ctx.each('aws_acm_certificate', listed, (c) => c.CertificateArn!, async (c): Promise<DiscoveredResource> => {
      const cert = (await ctx.clients.acm.send(new DescribeCertificateCommand({ CertificateArn: c.CertificateArn }))).Certificate!;
      const tags = tagMap((await ctx.clients.acm.send(new ListTagsForCertificateCommand({ CertificateArn: c.CertificateArn }))).Tags);
      // DescribeCertificate says EC-prime256v1 where requests (and the provider) say EC_prime256v1
      const keyAlgorithm = cert.KeyAlgorithm?.replace(/-/g, '_');
      const validationMethod = cert.DomainValidationOptions?.[0]?.ValidationMethod;
      const skipReason =
        cert.Type === 'IMPORTED'
          ? 'imported into ACM: Terraform reproduces it only with its private key, which no API returns'
          : cert.Status === 'VALIDATION_TIMED_OUT'
            ? 'validation timed out: the certificate can never be issued (the provider reads it as gone)'
            : undefined;
      return {
        type: 'aws_acm_certificate',
        id: cert.CertificateArn!,
        importId: cert.CertificateArn!,
        name: tags.Name ?? cert.DomainName!,
        tags,
        skipReason,
        attributes: {
          domainName: cert.DomainName!,
          // ACM lists the domain name among the SANs; so does the provider (it adds it if missing). A
          // set to the provider: written domain first, then sorted, so every run writes the same
          ...(cert.SubjectAlternativeNames?.length ? { subjectAlternativeNames: sans(cert.DomainName!, cert.SubjectAlternativeNames) } : {}),
          ...(cert.CertificateAuthorityArn
            ? { certificateAuthorityArn: ref(cert.CertificateAuthorityArn, 'arn') }
            : validationMethod
              ? { validationMethod }
              : {}),
          ...(keyAlgorithm && keyAlgorithm !== DEFAULT_KEY_ALGORITHM ? { keyAlgorithm } : {}),
          // provider default ENABLED
          ...(cert.Options?.CertificateTransparencyLoggingPreference === 'DISABLED' ? { options: { certificateTransparencyLoggingPreference: 'DISABLED' } } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
