/** Every supported resource type, in the order discovery lists them. Adding a type: one module + one line. */
import { ResourceTypeModule } from './resource-type';
import { acmCertificateType } from './types/acm';
import { backupPlanType, backupSelectionType, backupVaultType } from './types/backup';
import { cloudTrailType } from './types/cloudtrail';
import { metricAlarmType } from './types/cloudwatch-alarm';
import { configDeliveryChannelType, configRecorderStatusType, configRecorderType, configRuleType } from './types/config';
import { ebsVolumeType, volumeAttachmentType } from './types/ebs-volume';
import { ecrRepositoryType } from './types/ecr';
import { ecsClusterType, ecsServiceType, ecsTaskDefinitionType } from './types/ecs';
import { eipType } from './types/eip';
import { guardDutyDetectorType } from './types/guardduty';
import { iamRolePolicyType } from './types/iam-role-policy';
import { iamInstanceProfileType, iamPolicyType, iamRolePolicyAttachmentType, iamRoleType } from './types/iam';
import { instanceType } from './types/instance';
import { internetGatewayType } from './types/internet-gateway';
import { kmsAliasType, kmsKeyType } from './types/kms';
import { listenerRuleType, listenerType, loadBalancerType, targetGroupAttachmentType, targetGroupType } from './types/load-balancer';
import { dbInstanceType, dbParameterGroupType, dbSubnetGroupType } from './types/rds';
import { logGroupType } from './types/log-group';
import { natGatewayType } from './types/nat-gateway';
import { routeTableAssociationType, routeTableType, routeType } from './types/route-table';
import { s3BucketLifecycleType } from './types/s3-lifecycle';
import { s3BucketPolicyType } from './types/s3-policy';
import { s3BucketEncryptionType, s3BucketPublicAccessBlockType, s3BucketType, s3BucketVersioningType } from './types/s3';
import { securityGroupEgressRuleType, securityGroupIngressRuleType, securityGroupType } from './types/security-group';
import { snsTopicSubscriptionType, snsTopicType } from './types/sns';
import { ssmParameterType } from './types/ssm-parameter';
import { subnetType } from './types/subnet';
import { vpcType } from './types/vpc';

export const RESOURCE_TYPES: readonly ResourceTypeModule[] = [
  vpcType,
  subnetType,
  internetGatewayType,
  eipType,
  natGatewayType,
  routeTableType,
  routeType,
  routeTableAssociationType,
  securityGroupType,
  securityGroupIngressRuleType,
  securityGroupEgressRuleType,
  kmsKeyType,
  kmsAliasType,
  iamRoleType,
  iamPolicyType,
  iamRolePolicyAttachmentType,
  iamRolePolicyType,
  iamInstanceProfileType,
  instanceType,
  ebsVolumeType,
  volumeAttachmentType,
  acmCertificateType,
  loadBalancerType,
  targetGroupType,
  targetGroupAttachmentType,
  listenerType,
  listenerRuleType,
  dbSubnetGroupType,
  dbParameterGroupType,
  dbInstanceType,
  ssmParameterType,
  logGroupType,
  snsTopicType,
  snsTopicSubscriptionType,
  s3BucketType,
  s3BucketVersioningType,
  s3BucketEncryptionType,
  s3BucketPublicAccessBlockType,
  s3BucketLifecycleType,
  s3BucketPolicyType,
  metricAlarmType,
  ecrRepositoryType,
  cloudTrailType,
  guardDutyDetectorType,
  ecsClusterType,
  ecsTaskDefinitionType,
  ecsServiceType,
  backupVaultType,
  backupPlanType,
  backupSelectionType,
  configRecorderType,
  configDeliveryChannelType,
  configRecorderStatusType,
  configRuleType,
];

export function typeModule(type: string): ResourceTypeModule {
  const found = RESOURCE_TYPES.find((t) => t.type === type);
  if (!found) throw new Error(`unsupported resource type ${type}`);
  return found;
}

/** The read-only IAM policy discovery of these types needs. */
export function discoveryIamPolicy(types: readonly ResourceTypeModule[] = RESOURCE_TYPES): object {
  const actions = new Set<string>();
  for (const t of types) for (const a of t.iamActions) actions.add(a);
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'TerraformImportDiscovery', Effect: 'Allow', Action: [...actions].sort(), Resource: '*' }],
  };
}
