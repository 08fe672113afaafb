import { GetTopicAttributesCommand, ListTagsForResourceCommand, paginateListSubscriptions, paginateListTopics } from '@aws-sdk/client-sns';
import { DiscoveredResource, kmsKeyRef, ref } from '../model';
import { ResourceTypeModule, collect, tagsArgument } from '../resource-type';


export const snsTopicType: ResourceTypeModule = {
  type: 'aws_sns_topic',
  resource: { module: 'sns-topic', className: 'SnsTopic' },
  iamActions: ['sns:ListTopics', 'sns:GetTopicAttributes', 'sns:ListTagsForResource'],
  async discover(ctx) {
    const topics = await collect(paginateListTopics({ client: ctx.clients.sns }, {}), (p) => p.Topics);
    return ctx.each('aws_sns_topic', topics, (t) => t.TopicArn!, async (t): Promise<DiscoveredResource> => {
      const attrs = (await ctx.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: t.TopicArn }))).Attributes ?? {};
      const tags = Object.fromEntries(((await ctx.clients.sns.send(new ListTagsForResourceCommand({ ResourceArn: t.TopicArn }))).Tags ?? []).map((x) => [x.Key!, x.Value ?? '']));
      const name = t.TopicArn!.split(':').pop()!;
      return {
        type: 'aws_sns_topic',
        id: t.TopicArn!,
        importId: t.TopicArn!,
        name,
        tags,
        attributes: {
          name,
          ...(attrs.DisplayName ? { displayName: attrs.DisplayName } : {}),
          ...(attrs.KmsMasterKeyId ? { kmsMasterKeyId: kmsKeyRef(attrs.KmsMasterKeyId) } : {}),
          ...(attrs.FifoTopic === 'true' ? { fifoTopic: true } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

export const snsTopicSubscriptionType: ResourceTypeModule = {
  type: 'aws_sns_topic_subscription',
  resource: { module: 'sns-topic-subscription', className: 'SnsTopicSubscription' },
  iamActions: ['sns:ListSubscriptions'],
  async discover(ctx) {
    const subscriptions = await collect(paginateListSubscriptions({ client: ctx.clients.sns }, {}), (p) => p.Subscriptions);
    return subscriptions
      // a subscription still waiting for its confirmation has no ARN yet and cannot be imported
      .filter((s) => s.SubscriptionArn?.startsWith('arn:'))
      .map(
        (s): DiscoveredResource => ({
          type: 'aws_sns_topic_subscription',
          id: s.SubscriptionArn!,
          importId: s.SubscriptionArn!,
          name: `${s.TopicArn!.split(':').pop()}_${s.Protocol}`,
          tags: {},
          terraformOnlyArguments: ['confirmationTimeoutInMinutes', 'endpointAutoConfirms'],
          attributes: { topicArn: ref(s.TopicArn!, 'arn'), protocol: s.Protocol!, endpoint: s.Endpoint! },
        }),
      );
  },
};

