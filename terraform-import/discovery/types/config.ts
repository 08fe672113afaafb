/**
 * AWS Config: the configuration recorder, its delivery channel and its recording status (one of each
 * per account and region, all imported by name), and Config rules (by name). The recorder points at
 * its IAM role, the channel at its bucket and topic, the status at its recorder. Rules that another
 * AWS service created (Security Hub, Control Tower) are that service's.
 */
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  paginateDescribeConfigRules,
  paginateListTagsForResource,
} from '@aws-sdk/client-config-service';
import { AttrValue, DiscoveredResource, kmsKeyRef, ref, tagMap } from '../model';
import { ResourceTypeModule, collect, defined, tagsArgument } from '../resource-type';

export const configRecorderType: ResourceTypeModule = {
  type: 'aws_config_configuration_recorder',
  resource: { module: 'config-configuration-recorder', className: 'ConfigConfigurationRecorder' },
  iamActions: ['config:DescribeConfigurationRecorders'],
  async discover(ctx) {
    // not paginated: at most one recorder per region (plus service-linked ones)
    const recorders = (await ctx.clients.config.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    return recorders.map((r): DiscoveredResource => {
      const g = r.recordingGroup;
      const mode = r.recordingMode;
      const recordingGroup = g
        ? defined({
            allSupported: g.allSupported,
            includeGlobalResourceTypes: g.includeGlobalResourceTypes,
            resourceTypes: g.resourceTypes?.length ? g.resourceTypes : undefined,
            exclusionByResourceTypes: g.exclusionByResourceTypes?.resourceTypes?.length ? [{ resourceTypes: g.exclusionByResourceTypes.resourceTypes }] : undefined,
            recordingStrategy: g.recordingStrategy?.useOnly ? [{ useOnly: g.recordingStrategy.useOnly }] : undefined,
          })
        : undefined;
      return {
        type: 'aws_config_configuration_recorder',
        id: r.name!,
        importId: r.name!,
        name: `${r.name}_recorder`,
        tags: {},
        altIds: r.arn ? [r.arn] : [],
        skipReason: r.recordingScope === 'INTERNAL' || r.servicePrincipal ? `AWS-managed: a service-linked recorder of ${r.servicePrincipal ?? 'an AWS service'}` : undefined,
        attributes: defined({
          name: r.name!,
          roleArn: r.roleARN ? ref(r.roleARN, 'arn', undefined, 'aws_iam_role') : undefined,
          recordingGroup,
          recordingMode: mode
            ? defined({
                recordingFrequency: mode.recordingFrequency,
                recordingModeOverride: mode.recordingModeOverrides?.length
                  ? mode.recordingModeOverrides.map((o) => defined({ description: o.description, recordingFrequency: o.recordingFrequency!, resourceTypes: o.resourceTypes ?? [] }))[0]
                  : undefined,
              })
            : undefined,
        }),
      };
    });
  },
};

export const configDeliveryChannelType: ResourceTypeModule = {
  type: 'aws_config_delivery_channel',
  resource: { module: 'config-delivery-channel', className: 'ConfigDeliveryChannel' },
  iamActions: ['config:DescribeDeliveryChannels'],
  async discover(ctx) {
    const channels = (await ctx.clients.config.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
    return channels.map(
      (c): DiscoveredResource => ({
        type: 'aws_config_delivery_channel',
        id: `delivery-channel:${c.name}`,
        importId: c.name!,
        name: `${c.name}_delivery_channel`,
        tags: {},
        attributes: defined({
          name: c.name!,
          s3BucketName: ref(c.s3BucketName!, 'bucket', undefined, 'aws_s3_bucket'),
          s3KeyPrefix: c.s3KeyPrefix,
          s3KmsKeyArn: c.s3KmsKeyArn ? kmsKeyRef(c.s3KmsKeyArn) : undefined,
          snsTopicArn: c.snsTopicARN ? ref(c.snsTopicARN, 'arn') : undefined,
          snapshotDeliveryProperties: c.configSnapshotDeliveryProperties?.deliveryFrequency ? { deliveryFrequency: c.configSnapshotDeliveryProperties.deliveryFrequency } : undefined,
        }),
      }),
    );
  },
};

export const configRecorderStatusType: ResourceTypeModule = {
  type: 'aws_config_configuration_recorder_status',
  resource: { module: 'config-configuration-recorder-status', className: 'ConfigConfigurationRecorderStatus' },
  iamActions: ['config:DescribeConfigurationRecorderStatus'],
  async discover(ctx) {
    const statuses = (await ctx.clients.config.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
    return statuses.map(
      (s): DiscoveredResource => ({
        type: 'aws_config_configuration_recorder_status',
        id: `recorder-status:${s.name}`,
        importId: s.name!,
        name: `${s.name}_recorder_status`,
        tags: {},
        skipReason: s.servicePrincipal ? `AWS-managed: the status of a service-linked recorder of ${s.servicePrincipal}` : undefined,
        attributes: {
          name: ref(s.name!, 'name', undefined, 'aws_config_configuration_recorder'),
          isEnabled: s.recording ?? false,
        },
      }),
    );
  },
};

export const configRuleType: ResourceTypeModule = {
  type: 'aws_config_config_rule',
  resource: { module: 'config-config-rule', className: 'ConfigConfigRule' },
  iamActions: ['config:DescribeConfigRules', 'config:ListTagsForResource'],
  async discover(ctx) {
    const rules = await collect(paginateDescribeConfigRules({ client: ctx.clients.config }, {}), (p) => p.ConfigRules);
    return ctx.each('aws_config_config_rule', rules, (r) => r.ConfigRuleName!, async (r): Promise<DiscoveredResource> => {
      const tags = r.CreatedBy ? {} : tagMap((await collect(paginateListTagsForResource({ client: ctx.clients.config }, { ResourceArn: r.ConfigRuleArn }), (p) => p.Tags)));
      const src = r.Source!;
      const scope = r.Scope
        ? defined({
            complianceResourceTypes: r.Scope.ComplianceResourceTypes?.length ? r.Scope.ComplianceResourceTypes : undefined,
            complianceResourceId: r.Scope.ComplianceResourceId,
            tagKey: r.Scope.TagKey,
            tagValue: r.Scope.TagValue,
          })
        : {};
      const source: Record<string, AttrValue> = defined({
        owner: src.Owner!,
        sourceIdentifier: src.SourceIdentifier,
        sourceDetail: src.SourceDetails?.length
          ? src.SourceDetails.map((d) => defined({ eventSource: d.EventSource, messageType: d.MessageType, maximumExecutionFrequency: d.MaximumExecutionFrequency }))
          : undefined,
        customPolicyDetails: src.CustomPolicyDetails
          ? defined({ policyRuntime: src.CustomPolicyDetails.PolicyRuntime!, policyText: src.CustomPolicyDetails.PolicyText!, enableDebugLogDelivery: src.CustomPolicyDetails.EnableDebugLogDelivery || undefined })
          : undefined,
      });
      return {
        type: 'aws_config_config_rule',
        id: r.ConfigRuleName!,
        importId: r.ConfigRuleName!,
        name: tags.Name ?? r.ConfigRuleName!,
        tags,
        altIds: [r.ConfigRuleArn!, r.ConfigRuleId!],
        skipReason: r.CreatedBy ? `AWS-managed: created by ${r.CreatedBy}` : undefined,
        attributes: defined({
          name: r.ConfigRuleName!,
          description: r.Description || undefined,
          source,
          inputParameters: r.InputParameters && r.InputParameters !== '{}' ? r.InputParameters : undefined,
          scope: Object.keys(scope).length ? scope : undefined,
          maximumExecutionFrequency: r.MaximumExecutionFrequency,
          evaluationMode: r.EvaluationModes?.length ? r.EvaluationModes.map((m) => ({ mode: m.Mode! })) : undefined,
          ...tagsArgument(tags),
        }),
      };
    });
  },
};
