/**
 * RDS instances with their subnet and parameter groups. The master password is never read: an
 * instance whose password Secrets Manager manages keeps `manage_master_user_password`; otherwise the
 * password stays out of the code and ignore_changes keeps Terraform from setting it.
 */
import {
  DBInstance,
  ListTagsForResourceCommand,
  paginateDescribeDBInstances,
  paginateDescribeDBParameterGroups,
  paginateDescribeDBParameters,
  paginateDescribeDBSubnetGroups,
} from '@aws-sdk/client-rds';
import { AttrValue, DiscoveredResource, kmsKeyRef, ref } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, tagsArgument } from '../resource-type';

async function tagsOf(ctx: DiscoveryContext, arn: string): Promise<Record<string, string>> {
  const out = await ctx.clients.rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
  return Object.fromEntries((out.TagList ?? []).map((t) => [t.Key!, t.Value ?? '']));
}

export const dbSubnetGroupType: ResourceTypeModule = {
  type: 'aws_db_subnet_group',
  resource: { module: 'db-subnet-group', className: 'DbSubnetGroup' },
  iamActions: ['rds:DescribeDBSubnetGroups', 'rds:ListTagsForResource'],
  async discover(ctx) {
    const groups = (await collect(paginateDescribeDBSubnetGroups({ client: ctx.clients.rds }, {}), (p) => p.DBSubnetGroups)).filter((g) => g.DBSubnetGroupName !== 'default');
    return ctx.each('aws_db_subnet_group', groups, (g) => g.DBSubnetGroupName!, async (g): Promise<DiscoveredResource> => {
      const tags = await tagsOf(ctx, g.DBSubnetGroupArn!);
      return {
        type: 'aws_db_subnet_group',
        id: g.DBSubnetGroupName!,
        importId: g.DBSubnetGroupName!,
        name: g.DBSubnetGroupName!,
        tags,
        vpcId: g.VpcId,
        altIds: [g.DBSubnetGroupArn!],
        attributes: {
          name: g.DBSubnetGroupName!,
          // provider default "Managed by Terraform"
          description: g.DBSubnetGroupDescription ?? '',
          subnetIds: (g.Subnets ?? []).map((s) => ref(s.SubnetIdentifier!)),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

export const dbParameterGroupType: ResourceTypeModule = {
  type: 'aws_db_parameter_group',
  resource: { module: 'db-parameter-group', className: 'DbParameterGroup' },
  iamActions: ['rds:DescribeDBParameterGroups', 'rds:DescribeDBParameters', 'rds:ListTagsForResource'],
  async discover(ctx) {
    const groups = await collect(paginateDescribeDBParameterGroups({ client: ctx.clients.rds }, {}), (p) => p.DBParameterGroups);
    return ctx.each('aws_db_parameter_group', groups, (g) => g.DBParameterGroupName!, async (g): Promise<DiscoveredResource> => {
      const awsDefault = g.DBParameterGroupName!.startsWith('default.');
      const parameters = awsDefault
        ? []
        : await collect(paginateDescribeDBParameters({ client: ctx.clients.rds }, { DBParameterGroupName: g.DBParameterGroupName, Source: 'user' }), (p) => p.Parameters);
      const tags = awsDefault ? {} : await tagsOf(ctx, g.DBParameterGroupArn!);
      return {
        type: 'aws_db_parameter_group',
        id: g.DBParameterGroupName!,
        importId: g.DBParameterGroupName!,
        name: g.DBParameterGroupName!,
        tags,
        altIds: [g.DBParameterGroupArn!],
        skipReason: awsDefault ? 'AWS-managed: a default parameter group' : undefined,
        attributes: {
          name: g.DBParameterGroupName!,
          family: g.DBParameterGroupFamily!,
          description: g.Description ?? '',
          ...(parameters.length
            ? {
                parameter: parameters
                  .sort((a, b) => a.ParameterName!.localeCompare(b.ParameterName!))
                  .map((p) => ({ name: p.ParameterName!, value: p.ParameterValue ?? '', ...(p.ApplyMethod && p.ApplyMethod !== 'immediate' ? { applyMethod: p.ApplyMethod } : {}) })),
              }
            : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

function instanceArguments(d: DBInstance, tags: Record<string, string>): Record<string, AttrValue> {
  const parameterGroup = d.DBParameterGroups?.[0]?.DBParameterGroupName;
  return {
    identifier: d.DBInstanceIdentifier!,
    engine: d.Engine!,
    engineVersion: d.EngineVersion!,
    instanceClass: d.DBInstanceClass!,
    allocatedStorage: d.AllocatedStorage!,
    ...(d.MaxAllocatedStorage ? { maxAllocatedStorage: d.MaxAllocatedStorage } : {}),
    ...(d.StorageType ? { storageType: d.StorageType } : {}),
    ...(d.MultiAZ ? { multiAz: true } : {}),
    username: d.MasterUsername!,
    ...(d.MasterUserSecret ? { manageMasterUserPassword: true } : {}),
    ...(d.DBName ? { dbName: d.DBName } : {}),
    ...(d.DBSubnetGroup?.DBSubnetGroupName ? { dbSubnetGroupName: ref(d.DBSubnetGroup.DBSubnetGroupName, 'name', undefined, 'aws_db_subnet_group') } : {}),
    ...(parameterGroup && !parameterGroup.startsWith('default.') ? { parameterGroupName: ref(parameterGroup, 'name', undefined, 'aws_db_parameter_group') } : {}),
    ...(d.VpcSecurityGroups?.length ? { vpcSecurityGroupIds: d.VpcSecurityGroups.map((g) => ref(g.VpcSecurityGroupId!)) } : {}),
    ...(d.StorageEncrypted ? { storageEncrypted: true } : {}),
    ...(d.KmsKeyId ? { kmsKeyId: kmsKeyRef(d.KmsKeyId) } : {}),
    ...(d.BackupRetentionPeriod !== undefined ? { backupRetentionPeriod: d.BackupRetentionPeriod } : {}),
    ...(d.PubliclyAccessible ? { publiclyAccessible: true } : {}),
    ...(d.DeletionProtection ? { deletionProtection: true } : {}),
    ...(d.CopyTagsToSnapshot ? { copyTagsToSnapshot: true } : {}),
    ...(d.AutoMinorVersionUpgrade === false ? { autoMinorVersionUpgrade: false } : {}),
    ...(d.Endpoint?.Port ? { port: d.Endpoint.Port } : {}),
    ...tagsArgument(tags),
  };
}

export const dbInstanceType: ResourceTypeModule = {
  type: 'aws_db_instance',
  resource: { module: 'db-instance', className: 'DbInstance' },
  iamActions: ['rds:DescribeDBInstances', 'rds:ListTagsForResource'],
  async discover(ctx) {
    const instances = await collect(paginateDescribeDBInstances({ client: ctx.clients.rds }, {}), (p) => p.DBInstances);
    return ctx.each('aws_db_instance', instances, (d) => d.DBInstanceIdentifier!, async (d): Promise<DiscoveredResource> => {
      const tags = await tagsOf(ctx, d.DBInstanceArn!);
      return {
        type: 'aws_db_instance',
        id: d.DBInstanceIdentifier!,
        importId: d.DBInstanceIdentifier!,
        name: d.DBInstanceIdentifier!,
        tags,
        vpcId: d.DBSubnetGroup?.VpcId,
        altIds: [d.DBInstanceArn!, ...(d.DbiResourceId ? [d.DbiResourceId] : [])],
        relatedIds: [],
        secretArguments: d.MasterUserSecret ? undefined : ['password'],
        terraformOnlyArguments: ['applyImmediately'],
        preventDestroy: true,
        notes: {
          skipFinalSnapshot:
            'Set by the provider on import (no API reports it). Before this database can ever be destroyed, set it to false with a finalSnapshotIdentifier; prevent_destroy guards it until then.',
        },
        attributes: { ...instanceArguments(d, tags), skipFinalSnapshot: true },
      };
    });
  },
};
