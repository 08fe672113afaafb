/**
 * RDS: aws_db_subnet_group and aws_db_parameter_group imported by name (the parameter group with the
 * parameters the user set, the AWS default groups skipped), aws_db_instance by identifier with its
 * groups, security group and key as references, the master password never read (ignore_changes with
 * the reason), prevent_destroy, and skip_final_snapshot explained.
 */
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, CreateDBParameterGroupCommand, CreateDBSubnetGroupCommand, ModifyDBParameterGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import { constructOf, discoverTypes, useImportEmulator } from '../../support/import-type-test';

const PASSWORD = 'rds-type-test-password-81c4';

describe('import types aws_db_instance, aws_db_subnet_group, aws_db_parameter_group', () => {
  const { sdk } = useImportEmulator();
  let subnets: string[];
  let group: string;
  let keyArn: string;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    const kms = new KMSClient(sdk());
    const rds = new RDSClient(sdk());
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.10.0.0/16' }))).Vpc!.VpcId!;
    subnets = [
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.10.1.0/24', AvailabilityZone: 'eu-central-1a', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'db-a' }] }] }))).Subnet!.SubnetId!,
      (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.10.2.0/24', AvailabilityZone: 'eu-central-1b', TagSpecifications: [{ ResourceType: 'subnet', Tags: [{ Key: 'Name', Value: 'db-b' }] }] }))).Subnet!.SubnetId!,
    ];
    group = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'postgres', Description: 'PostgreSQL', VpcId: vpc }))).GroupId!;
    keyArn = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'Name', TagValue: 'database' }] }))).KeyMetadata!.Arn!;
    await rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: 'orders-db', DBSubnetGroupDescription: 'orders database subnets', SubnetIds: subnets }));
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'orders-postgres16', DBParameterGroupFamily: 'postgres16', Description: 'orders settings' }));
    await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'orders-postgres16', Parameters: [{ ParameterName: 'log_min_duration_statement', ParameterValue: '500', ApplyMethod: 'immediate' }] }));
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'orders',
        Engine: 'postgres',
        EngineVersion: '16.3',
        DBInstanceClass: 'db.t4g.medium',
        AllocatedStorage: 20,
        StorageType: 'gp3',
        MultiAZ: true,
        MasterUsername: 'orders',
        MasterUserPassword: PASSWORD,
        DBSubnetGroupName: 'orders-db',
        DBParameterGroupName: 'orders-postgres16',
        VpcSecurityGroupIds: [group],
        StorageEncrypted: true,
        KmsKeyId: keyArn,
        BackupRetentionPeriod: 7,
        DeletionProtection: true,
      }),
    );
    for (const c of [ec2, kms, rds]) c.destroy();
  });

  it('imports the subnet and parameter groups by name, with subnet references and the parameters the user set', async () => {
    const found = await discoverTypes(['aws_db_subnet_group', 'aws_db_parameter_group', 'aws_subnet']);
    const subnetGroup = found.entry('aws_db_subnet_group', 'orders-db');
    expect([subnetGroup.importId, subnetGroup.decision, subnetGroup.reason, subnetGroup.address]).toEqual(['orders-db', 'import', 'discovered, not managed by Terraform', 'aws_db_subnet_group.orders_db']);
    expect(constructOf(found.code, subnetGroup).body).toBe('      name: "orders-db",\n      description: "orders database subnets",\n      subnetIds: [dbA.id, dbB.id],');

    const parameters = found.entry('aws_db_parameter_group', 'orders-postgres16');
    expect([parameters.importId, parameters.decision, parameters.address]).toEqual(['orders-postgres16', 'import', 'aws_db_parameter_group.orders_postgres16']);
    expect(parameters.resource.attributes).toEqual({ name: 'orders-postgres16', family: 'postgres16', description: 'orders settings', parameter: [{ name: 'log_min_duration_statement', value: '500' }] });
    for (const e of found.ofType('aws_db_parameter_group').filter((x) => x.id.startsWith('default.'))) expect([e.id, e.decision, e.reason]).toEqual([e.id, 'skip', 'AWS-managed: a default parameter group']);
  });

  it('imports the instance by identifier with references, never its password, and guards it with prevent_destroy', async () => {
    const found = await discoverTypes(['aws_db_instance', 'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_security_group', 'aws_kms_key']);
    const db = found.entry('aws_db_instance', 'orders');
    expect([db.importId, db.resource.name, db.decision, db.reason, db.address]).toEqual(['orders', 'orders', 'import', 'discovered, not managed by Terraform', 'aws_db_instance.orders']);
    const construct = constructOf(found.code, db);
    expect(construct.imported).toBe(true);
    for (const line of [
      'dbSubnetGroupName: ordersDb.name,',
      'parameterGroupName: ordersPostgres16.name,',
      'vpcSecurityGroupIds: [postgres.id],',
      'kmsKeyId: database.arn,',
      'multiAz: true,',
      'deletionProtection: true,',
      'backupRetentionPeriod: 7,',
      'skipFinalSnapshot: true,',
      'lifecycle: { ignoreChanges: ["password","apply_immediately"], preventDestroy: true },',
    ]) expect(construct.body).toContain(line);
    expect(construct.body).toMatch(/\/\/ Set by the provider on import \(no API reports it\)\.[^\n]*\n\s+skipFinalSnapshot: true,/);
    expect(construct.body).toMatch(/\/\/ password: secret\./);
    expect(construct.body).not.toMatch(/\n\s+password:/);
    expect(JSON.stringify(found.manifest)).not.toContain(PASSWORD);
    expect(found.code).not.toContain(PASSWORD);
  });
});
