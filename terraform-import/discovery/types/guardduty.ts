import { GetDetectorCommand, paginateListDetectors } from '@aws-sdk/client-guardduty';
import { DiscoveredResource } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';

/** The region's GuardDuty detector (one per account and region); its features are not imported yet. */
export const guardDutyDetectorType: ResourceTypeModule = {
  type: 'aws_guardduty_detector',
  resource: { module: 'guardduty-detector', className: 'GuarddutyDetector' },
  iamActions: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  async discover(ctx) {
    const ids = await collect(paginateListDetectors({ client: ctx.clients.guardduty }, {}), (p) => p.DetectorIds);
    return ctx.each('aws_guardduty_detector', ids, (id) => id, async (id): Promise<DiscoveredResource> => {
      const d = await ctx.clients.guardduty.send(new GetDetectorCommand({ DetectorId: id }));
      const tags = d.Tags ?? {};
      return {
        type: 'aws_guardduty_detector',
        id,
        importId: id,
        name: tags.Name ?? `guardduty_${ctx.region}`,
        tags,
        attributes: {
          // provider defaults: enabled, SIX_HOURS
          ...(d.Status === 'DISABLED' ? { enable: false } : {}),
          ...(d.FindingPublishingFrequency && d.FindingPublishingFrequency !== 'SIX_HOURS' ? { findingPublishingFrequency: d.FindingPublishingFrequency } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};
