/**
 * The AWS provider of a stack: region, tags every resource carries, and — for local test environments
 * only — the switches that point it at an AWS API emulator.
 */
import { AwsProvider, AwsProviderEndpoints } from '@cdktf/provider-aws/lib/provider';
import { Construct } from 'constructs';
import { EnvironmentBase } from '../config/resolve-environment';
import { addPipelineRole } from './pipeline-role';

/** Every AWS service the blueprints call, so an emulator endpoint replaces all of them. */
const EMULATED_SERVICES: (keyof AwsProviderEndpoints)[] = [
  'acm',
  'applicationautoscaling',
  'backup',
  'cloudtrail',
  'cloudwatch',
  'configservice',
  'ec2',
  'ecr',
  'ecs',
  'efs',
  'elbv2',
  'events',
  'firehose',
  'grafana',
  'guardduty',
  'iam',
  'inspector2',
  'kms',
  'logs',
  'opensearch',
  'rds',
  'route53',
  's3',
  's3Control',
  'secretsmanager',
  'sns',
  'ssm',
  'sts',
  'wafv2',
];

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function awsProvider(scope: Construct, env: EnvironmentBase & { blueprint: string }): AwsProvider {
  const emulation = env.emulationEndpoint
    ? {
        endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, env.emulationEndpoint]))],
        skipCredentialsValidation: true,
        skipMetadataApiCheck: 'true',
        skipRegionValidation: true,
        s3UsePathStyle: true,
        // An emulator answers 500 for calls it lacks; the default 25 retries hide that for minutes, while
        // one retry still rides out a dropped loopback connection (test-bed/emulator.ts).
        maxRetries: 2,
      }
    : {};
  const provider = new AwsProvider(scope, 'aws', {
    region: env.region,
    allowedAccountIds: env.emulationEndpoint ? undefined : [env.account],
    defaultTags: [
      {
        tags: {
          ...env.tags,
          App: env.app,
          Environment: env.environment,
          Tier: env.tier,
          Blueprint: env.blueprint,
          ManagedBy: 'cdktf-aws-blueprints',
        },
      },
    ],
    ...emulation,
  });
  if (env.pipelineRoles) addPipelineRole(scope, provider, env.pipelineRoles);
  return provider;
}
