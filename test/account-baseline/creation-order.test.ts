/**
 * AWS checks some policies when a resource is created, so these dependencies must be in the graph; the
 * emulator run found both missing (CloudTrail: InsufficientSnsTopicPolicyException; S3 logging:
 * InvalidTargetBucketForLogging), and real AWS answers the same.
 */
import { accountBaselineConfig } from '../support/account-baseline-config';
import { resourceAt, synthEnvironments } from '../support/synth-stack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('account baseline creation order', () => {
  const { stacks } = synthEnvironments({ baseline: accountBaselineConfig('test') });
  const stack = Object.values(stacks)[0];
  const address = (type: string, pathPart: string) => {
    const name = Object.entries(stack.resource?.[type] ?? {}).find(([, r]) => (r as Json)['//'].metadata.path.includes(pathPart))![0];
    return `${type}.${name}`;
  };

  it('creates the trail only after its SNS topic policy admits CloudTrail', () => {
    const trail = resourceAt(stack, 'aws_cloudtrail', 'trail/trail') as Json;
    expect(trail.depends_on).toContain(address('aws_sns_topic_policy', 'topic-policy'));
  });

  it('turns on access logging only after the target bucket policy admits the logging service', () => {
    const logging = resourceAt(stack, 'aws_s3_bucket_logging', 'access-logging') as Json;
    expect(logging.depends_on).toEqual([address('aws_s3_bucket_policy', 'access-logs/policy')]);
  });
});
