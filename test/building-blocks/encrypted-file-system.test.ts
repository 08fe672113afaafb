/** The EFS file system on its own: encrypted, backed up, one mount target per subnet, access points that pin owner and root, NFS from one group, TLS and access points only. */
import { EncryptedFileSystem, NFS_PORT } from '../../blueprints/building-blocks/encrypted-file-system';
import { policyDocument } from '../../blueprints/building-blocks/policy-document';
import { allOf, refTo, resource, statementsOf, synthBlock } from '../support/building-block-synth';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/app';

function synthFileSystem(preventDestroy: boolean, transitionToInfrequentAccessDays?: 7 | 14 | 30 | 60 | 90) {
  return synthBlock((scope) => {
    const fs = new EncryptedFileSystem(scope, 'volumes', {
      name: 'shop-test-docs',
      vpcId: 'vpc-0123456789abcdef0',
      subnetIds: ['subnet-1', 'subnet-2'],
      kmsKeyArn: KEY,
      directories: [
        { name: 'uploads', uid: 33, gid: 33, permissions: '0750' },
        { name: 'cache', uid: 1000, gid: 1001, permissions: '0700' },
      ],
      preventDestroy,
      transitionToInfrequentAccessDays,
    });
    fs.allowFrom('docs', 'sg-0123456789abcdef0', 'shop-test docs tasks');
    // A client role's policy, as the container app builds it for the service's task role.
    policyDocument(scope, 'client-policy', [fs.clientStatement('Volumes')]);
  });
}

describe.each([true, false])('EncryptedFileSystem, prevent_destroy %s', (preventDestroy) => {
  const json = synthFileSystem(preventDestroy);
  const fileSystem = resource(json, 'aws_efs_file_system', 'volumes_file-system');
  const fsId = refTo(json, 'aws_efs_file_system', 'volumes_file-system', 'id');
  const fsArn = refTo(json, 'aws_efs_file_system', 'volumes_file-system', 'arn');
  const group = refTo(json, 'aws_security_group', 'volumes_security-group', 'id');

  it("is encrypted with the app's key, named by its creation token, and protected from destroy as the tier says", () => {
    // The creation token is the file system's identity for EFS: a changed token is a new, empty file system.
    expect(fileSystem).toMatchObject({ creation_token: 'shop-test-docs', encrypted: true, kms_key_id: KEY, tags: { Name: 'shop-test-docs' } });
    // Its data exists nowhere else but in its backups.
    expect(fileSystem.lifecycle).toEqual({ prevent_destroy: preventDestroy });
  });

  it('scales without provisioning (general purpose, elastic throughput)', () => {
    expect([fileSystem.performance_mode, fileSystem.throughput_mode]).toEqual(['generalPurpose', 'elastic']);
  });

  it('moves cold files to Infrequent Access after 30 days and back on first access', () => {
    expect(fileSystem.lifecycle_policy).toEqual([{ transition_to_ia: 'AFTER_30_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }]);
  });

  it('is backed up by EFS automatic backups', () => {
    expect(resource(json, 'aws_efs_backup_policy', 'volumes_backup-policy')).toEqual({ file_system_id: fsId, backup_policy: { status: 'ENABLED' } });
  });

  it('has a mount target in each private subnet, behind its own group only', () => {
    expect(Object.values(allOf(json, 'aws_efs_mount_target'))).toEqual([
      { file_system_id: fsId, subnet_id: 'subnet-1', security_groups: [group] },
      { file_system_id: fsId, subnet_id: 'subnet-2', security_groups: [group] },
    ]);
  });

  it('has a named group in the VPC (a changed name or description replaces a security group)', () => {
    expect(resource(json, 'aws_security_group', 'volumes_security-group')).toEqual({
      name: 'shop-test-docs-efs',
      description: 'shop-test-docs file system: NFS from its workload only',
      vpc_id: 'vpc-0123456789abcdef0',
      tags: { Name: 'shop-test-docs-efs' },
    });
  });

  it('admits NFS from the one workload group it is opened to, and opens that group’s way out to it, nothing else', () => {
    expect(allOf(json, 'aws_vpc_security_group_ingress_rule')).toEqual({
      'volumes_ingress-docs': { security_group_id: group, referenced_security_group_id: 'sg-0123456789abcdef0', ip_protocol: 'tcp', from_port: NFS_PORT, to_port: NFS_PORT, description: 'NFS from shop-test docs tasks' },
    });
    expect(allOf(json, 'aws_vpc_security_group_egress_rule')).toEqual({
      'volumes_egress-docs': { security_group_id: 'sg-0123456789abcdef0', referenced_security_group_id: group, ip_protocol: 'tcp', from_port: NFS_PORT, to_port: NFS_PORT, description: 'NFS to its EFS file system' },
    });
    expect(NFS_PORT).toBe(2049);
  });

  it('gives each directory an access point that pins the POSIX user and chroots into /<name>, created with its owner and mode', () => {
    expect(allOf(json, 'aws_efs_access_point')).toEqual({
      'volumes_access-point-uploads': {
        file_system_id: fsId,
        posix_user: { uid: 33, gid: 33 },
        root_directory: { path: '/uploads', creation_info: { owner_uid: 33, owner_gid: 33, permissions: '0750' } },
        tags: { Name: 'shop-test-docs-uploads' },
      },
      'volumes_access-point-cache': {
        file_system_id: fsId,
        posix_user: { uid: 1000, gid: 1001 },
        root_directory: { path: '/cache', creation_info: { owner_uid: 1000, owner_gid: 1001, permissions: '0700' } },
        tags: { Name: 'shop-test-docs-cache' },
      },
    });
  });

  it('refuses clients without TLS, and mounts that do not go through an access point (no root view of other directories)', () => {
    expect(resource(json, 'aws_efs_file_system_policy', 'volumes_policy')).toEqual({
      file_system_id: fsId,
      policy: refTo(json, 'aws_iam_policy_document', 'volumes_policy-document', 'json', 'data'),
    });
    const everyone = [{ type: 'AWS', identifiers: ['*'] }];
    expect(statementsOf(json, 'volumes_policy-document')).toEqual({
      DenyClientsWithoutTls: {
        sid: 'DenyClientsWithoutTls',
        effect: 'Deny',
        principals: everyone,
        actions: ['*'],
        resources: [fsArn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      DenyMountsOutsideTheAccessPoints: {
        sid: 'DenyMountsOutsideTheAccessPoints',
        effect: 'Deny',
        principals: everyone,
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        resources: [fsArn],
        condition: [{ test: 'Null', variable: 'elasticfilesystem:AccessPointArn', values: ['true'] }],
      },
    });
  });

  it("lets a client role mount and write through this file system's access points only, never as root", () => {
    expect(statementsOf(json, 'client-policy')).toEqual({
      Volumes: {
        sid: 'Volumes',
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        resources: [fsArn],
        condition: [
          {
            test: 'StringEquals',
            variable: 'elasticfilesystem:AccessPointArn',
            values: ['uploads', 'cache'].map((d) => refTo(json, 'aws_efs_access_point', `volumes_access-point-${d}`, 'arn')),
          },
        ],
      },
    });
  });
});

describe('EncryptedFileSystem, Infrequent Access set', () => {
  it('moves cold files after the days given', () => {
    const fileSystem = resource(synthFileSystem(true, 7), 'aws_efs_file_system', 'volumes_file-system');
    expect(fileSystem.lifecycle_policy).toEqual([{ transition_to_ia: 'AFTER_7_DAYS' }, { transition_to_primary_storage_class: 'AFTER_1_ACCESS' }]);
  });
});
