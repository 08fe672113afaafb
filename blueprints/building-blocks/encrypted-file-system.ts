/**
 * Persistent directories for one workload (e.g. WordPress uploads): an EFS file system encrypted with
 * the app key, a mount target in each private subnet, and one access point per directory that pins the
 * POSIX owner and chroots clients into it. Its security group admits NFS (2049) from the one workload
 * security group that is allowed; the file-system policy refuses clients without TLS and anything but
 * the access points. Backed up daily by EFS automatic backups; cold files move to Infrequent Access.
 */
import { EfsAccessPoint } from '@cdktf/provider-aws/lib/efs-access-point';
import { EfsBackupPolicy } from '@cdktf/provider-aws/lib/efs-backup-policy';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system';
import { EfsFileSystemPolicy } from '@cdktf/provider-aws/lib/efs-file-system-policy';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { policyDocument, PolicyStatement } from './policy-document';

export const NFS_PORT = 2049;

export interface FileSystemDirectory {
  /** Names the access point. */
  name: string;
  /** POSIX user and group every client of the access point acts as, and the directory's owner. */
  uid: number;
  gid: number;
  /** Octal mode of the directory when EFS creates it. */
  permissions: string;
}

export interface EncryptedFileSystemProps {
  /** AWS name (creation token and Name tag). */
  name: string;
  vpcId: string;
  /** One mount target each. */
  subnetIds: string[];
  kmsKeyArn: string;
  /** One access point each, rooted at `/<name>`. */
  directories: FileSystemDirectory[];
  /** Terraform `prevent_destroy` on the file system: its data exists nowhere else but in its backups. */
  preventDestroy: boolean;
  /** Days without access before a file moves to Infrequent Access. @default 30 */
  transitionToInfrequentAccessDays?: 7 | 14 | 30 | 60 | 90;
}

export class EncryptedFileSystem extends Construct {
  readonly fileSystem: EfsFileSystem;
  readonly securityGroup: SecurityGroup;
  readonly accessPoints: Record<string, EfsAccessPoint> = {};
  readonly mountTargets: EfsMountTarget[];

  constructor(scope: Construct, id: string, props: EncryptedFileSystemProps) {
    super(scope, id);
    this.fileSystem = new EfsFileSystem(this, 'file-system', {
      creationToken: props.name,
      encrypted: true,
      kmsKeyId: props.kmsKeyArn,
      performanceMode: 'generalPurpose',
      throughputMode: 'elastic',
      lifecyclePolicy: [{ transitionToIa: `AFTER_${props.transitionToInfrequentAccessDays ?? 30}_DAYS` }, { transitionToPrimaryStorageClass: 'AFTER_1_ACCESS' }],
      tags: { Name: props.name },
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    new EfsBackupPolicy(this, 'backup-policy', { fileSystemId: this.fileSystem.id, backupPolicy: { status: 'ENABLED' } });

    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.name}-efs`,
      description: `${props.name} file system: NFS from its workload only`,
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-efs` },
    });
    this.mountTargets = props.subnetIds.map(
      (subnetId, i) => new EfsMountTarget(this, `mount-target-${i}`, { fileSystemId: this.fileSystem.id, subnetId, securityGroups: [this.securityGroup.id] }),
    );

    for (const directory of props.directories) {
      this.accessPoints[directory.name] = new EfsAccessPoint(this, `access-point-${directory.name}`, {
        fileSystemId: this.fileSystem.id,
        posixUser: { uid: directory.uid, gid: directory.gid },
        rootDirectory: {
          path: `/${directory.name}`,
          creationInfo: { ownerUid: directory.uid, ownerGid: directory.gid, permissions: directory.permissions },
        },
        tags: { Name: `${props.name}-${directory.name}` },
      });
    }

    const fileSystemArn = this.fileSystem.arn;
    const statements: PolicyStatement[] = [
      {
        sid: 'DenyClientsWithoutTls',
        effect: 'Deny',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['*'],
        resources: [fileSystemArn],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      {
        sid: 'DenyMountsOutsideTheAccessPoints',
        effect: 'Deny',
        principals: [{ type: 'AWS', identifiers: ['*'] }],
        actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        resources: [fileSystemArn],
        condition: [{ test: 'Null', variable: 'elasticfilesystem:AccessPointArn', values: ['true'] }],
      },
    ];
    new EfsFileSystemPolicy(this, 'policy', { fileSystemId: this.fileSystem.id, policy: policyDocument(this, 'policy-document', statements).json });
  }

  /** Admits NFS from one workload security group, and lets that group reach the mount targets. */
  allowFrom(id: string, workloadSecurityGroupId: string, label: string): void {
    new VpcSecurityGroupIngressRule(this, `ingress-${id}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: workloadSecurityGroupId,
      ipProtocol: 'tcp',
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      description: `NFS from ${label}`,
    });
    new VpcSecurityGroupEgressRule(this, `egress-${id}`, {
      securityGroupId: workloadSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: NFS_PORT,
      toPort: NFS_PORT,
      description: 'NFS to its EFS file system',
    });
  }

  /** IAM for one client role: mount and write through these access points only (no root access). */
  clientStatement(sid: string): PolicyStatement {
    return {
      sid,
      actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [this.fileSystem.arn],
      condition: [{ test: 'StringEquals', variable: 'elasticfilesystem:AccessPointArn', values: Object.values(this.accessPoints).map((a) => a.arn) }],
    };
  }
}
