/**
 * One containerised app (e.g. the Rails web app, or the WordPress docs site) as an ECS Fargate service
 * behind the environment's ALB. Deployments are zero-downtime rolling updates: new tasks start beside
 * the old ones (maximum 200 %), old ones stop only once the ALB reports the new ones healthy (minimum
 * 100 %), and a failing deployment rolls itself back (circuit breaker).
 */
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { ResolvedCentralLogs, ResolvedContainerService } from '../../config/resolve-environment';
import { EncryptedFileSystem } from '../building-blocks/encrypted-file-system';
import { EncryptedLogGroup } from '../building-blocks/encrypted-log-group';
import { arnFor, EnvironmentContext } from '../building-blocks/environment-context';
import { HttpsLoadBalancer } from '../building-blocks/https-load-balancer';
import { metricAlarm } from '../building-blocks/metric-alarm';
import { assumeRoleDocument, policyDocument, PolicyStatement } from '../building-blocks/policy-document';
import { RelationalDatabase } from '../building-blocks/relational-database';
import { workloadSecurityGroup } from '../building-blocks/workload-security-group';

/** Stands for the app's own ECR repository in an image reference, e.g. `<ecr>:1.4.2`. */
export const OWN_REPOSITORY_PLACEHOLDER = '<ecr>';

export interface FargateServiceProps {
  ctx: EnvironmentContext;
  settings: ResolvedContainerService;
  clusterArn: string;
  clusterName: string;
  vpcId: string;
  privateSubnetIds: string[];
  kmsKeyArn: string;
  logRetentionDays: number;
  /** Subscribes the task log group to the central log store. @default off */
  centralLogs?: ResolvedCentralLogs;
  loadBalancer: HttpsLoadBalancer;
  /** The app's ECR repository (URL and ARN), which `<ecr>` in the image stands for. */
  repository: { url: string; arn: string };
  /** The database, when the service uses it: connection facts and credentials are injected as secrets. @default no database */
  database?: RelationalDatabase;
  alarmTopicArn: string;
  /** Terraform `prevent_destroy` on the file system of `settings.persistentVolumes`. @default true */
  fileSystemPreventDestroy?: boolean;
}

export class FargateService extends Construct {
  readonly service: EcsService;
  readonly securityGroup: SecurityGroup;
  readonly taskDefinition: EcsTaskDefinition;
  readonly executionRole: IamRole;
  readonly taskRole: IamRole;
  /** The EFS file system of the service's persistent volumes, if it has any. */
  readonly fileSystem?: EncryptedFileSystem;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const { ctx, settings } = props;
    const name = ctx.names.name(settings.name);
    const usesOwnRepository = settings.image.startsWith(OWN_REPOSITORY_PLACEHOLDER);
    const image = usesOwnRepository ? props.repository.url + settings.image.slice(OWN_REPOSITORY_PLACEHOLDER.length) : settings.image;

    const logs = new EncryptedLogGroup(this, 'logs', {
      ctx,
      path: `ecs/${settings.name}`,
      kmsKeyArn: props.kmsKeyArn,
      retentionDays: props.logRetentionDays,
      centralLogs: props.centralLogs,
    });

    const secrets = this.secretReferences(props);
    this.executionRole = new IamRole(this, 'execution-role', {
      name: ctx.names.name(`${settings.name}-execution`),
      description: `ECS agent for ${name}: pull the image, write logs, read the task's secrets`,
      assumeRolePolicy: assumeRoleDocument(this, 'execution-trust', 'ecs-tasks.amazonaws.com', ctx.account).json,
    });
    const executionStatements: PolicyStatement[] = [
      {
        sid: 'WriteOwnLogStreams',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logs.logGroup.arn}:log-stream:*`],
      },
      { sid: 'DecryptWithAppKey', actions: ['kms:Decrypt'], resources: [props.kmsKeyArn] },
    ];
    if (usesOwnRepository) {
      executionStatements.push(
        // GetAuthorizationToken has no resource-level permissions; the pulls below are scoped.
        { sid: 'RegistryLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        { sid: 'PullOwnImages', actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], resources: [props.repository.arn] },
      );
    }
    const parameterArns = secrets.filter((s) => s.valueFrom.includes(':parameter/')).map((s) => s.valueFrom);
    if (parameterArns.length > 0) {
      executionStatements.push({ sid: 'ReadTaskParameters', actions: ['ssm:GetParameters'], resources: [...new Set(parameterArns)].sort() });
    }
    if (props.database) {
      executionStatements.push({ sid: 'ReadDatabaseCredentials', actions: ['secretsmanager:GetSecretValue'], resources: [props.database.masterUserSecretArn] });
    }
    new IamRolePolicy(this, 'execution-policy', {
      name: 'task-execution',
      role: this.executionRole.id,
      policy: policyDocument(this, 'execution-policy-document', executionStatements).json,
    });
    // The app itself calls no AWS API; it gets a role of its own so one can be granted without touching the agent's.
    this.taskRole = new IamRole(this, 'task-role', {
      name: ctx.names.name(`${settings.name}-task`),
      description: `The ${name} application's own identity (no permissions by default)`,
      assumeRolePolicy: assumeRoleDocument(this, 'task-trust', 'ecs-tasks.amazonaws.com', ctx.account).json,
    });

    if (settings.persistentVolumes.length > 0) {
      this.fileSystem = new EncryptedFileSystem(this, 'file-system', {
        name,
        vpcId: props.vpcId,
        subnetIds: props.privateSubnetIds,
        kmsKeyArn: props.kmsKeyArn,
        directories: settings.persistentVolumes,
        preventDestroy: props.fileSystemPreventDestroy ?? true,
      });
      new IamRolePolicy(this, 'task-policy', {
        name: 'persistent-volumes',
        role: this.taskRole.id,
        policy: policyDocument(this, 'task-policy-document', [this.fileSystem.clientStatement('MountOwnVolumesThroughTheirAccessPoints')]).json,
      });
    }
    const fileSystem = this.fileSystem;

    const volumes = settings.writablePaths.map((path, i) => ({ name: `writable-${i}`, path }));
    // Mounted after the scratch volumes, so a persistent directory inside a writable path (WordPress
    // uploads under /var/www/html) lies on top of it.
    const persistentVolumes = settings.persistentVolumes.map((v) => ({ name: `persistent-${v.name}`, path: v.path, accessPoint: fileSystem!.accessPoints[v.name] }));
    const containerDefinition = {
      name: settings.name,
      image,
      essential: true,
      readonlyRootFilesystem: settings.readonlyRootFilesystem,
      portMappings: [{ containerPort: settings.containerPort, protocol: 'tcp' }],
      environment: Object.entries(settings.environment)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, value]) => ({ name: key, value })),
      secrets,
      mountPoints: [...volumes, ...persistentVolumes].map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': logs.name, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': settings.name },
      },
      linuxParameters: { initProcessEnabled: true },
      stopTimeout: 30,
    };
    this.taskDefinition = new EcsTaskDefinition(this, 'task-definition', {
      family: settings.taskFamily ?? name,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: `${settings.cpu}`,
      memory: `${settings.memoryMiB}`,
      executionRoleArn: this.executionRole.arn,
      taskRoleArn: this.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      containerDefinitions: JSON.stringify([containerDefinition]),
      volume: [
        ...volumes.map((v) => ({ name: v.name })),
        ...persistentVolumes.map((v) => ({
          name: v.name,
          efsVolumeConfiguration: {
            fileSystemId: fileSystem!.fileSystem.id,
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: v.accessPoint.id, iam: 'ENABLED' },
          },
        })),
      ],
    });

    this.securityGroup = workloadSecurityGroup(this, {
      name: settings.securityGroup?.name ?? name,
      description: settings.securityGroup?.description ?? `${name} tasks: from the load balancer only`,
      vpcId: props.vpcId,
      httpsEgressDescription: 'HTTPS to AWS APIs (ECR, SSM, Secrets Manager, CloudWatch Logs) through the landing zone egress',
      fromLoadBalancer: { loadBalancer: props.loadBalancer, ruleId: settings.name, port: settings.containerPort, label: `${settings.name} tasks` },
      toDatabase: props.database && { database: props.database, ruleId: settings.name, label: `${name} tasks` },
    });
    fileSystem?.allowFrom(settings.name, this.securityGroup.id, `${name} tasks`);

    const targetGroup = props.loadBalancer.addTargetGroup(settings.name, {
      name: settings.name,
      port: settings.containerPort,
      targetType: 'ip',
      healthCheckPath: settings.healthCheckPath,
      adopted: settings.targetGroup,
    });
    const rule = props.loadBalancer.route(settings.name, targetGroup, settings.routing);

    this.service = new EcsService(this, 'service', {
      name: settings.serviceName ?? name,
      cluster: props.clusterArn,
      taskDefinition: this.taskDefinition.arn,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      desiredCount: settings.desiredCount,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriodSeconds: settings.healthCheckGracePeriodSeconds,
      loadBalancer: [{ targetGroupArn: targetGroup.arn, containerName: settings.name, containerPort: settings.containerPort }],
      networkConfiguration: { subnets: props.privateSubnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: false },
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      enableExecuteCommand: false,
      // The target group must be attached to the listener before ECS registers tasks in it, and the
      // parameters the tasks read must exist before the first task starts.
      dependsOn: [rule, ...(props.database?.parameters ?? []), ...(fileSystem?.mountTargets ?? [])],
      // Autoscaling owns the running count once the service exists.
      lifecycle: { ignoreChanges: ['desired_count'] },
    });

    this.addAutoscaling(props);
    this.addAlarms(props, settings.serviceName ?? name);
  }

  /** ECS `secrets` (SSM parameter or Secrets Manager references): values never pass through Terraform. */
  private secretReferences(props: FargateServiceProps): { name: string; valueFrom: string }[] {
    const parameterArn = (parameterName: string) => arnFor(props.ctx, 'ssm', `parameter${parameterName}`);
    const refs = Object.entries(props.settings.secrets).map(([name, parameter]) => ({ name, valueFrom: parameterArn(parameter) }));
    if (props.database) {
      const db = props.database;
      const names = props.settings.databaseVariables;
      refs.push(
        { name: names.host, valueFrom: parameterArn(db.parameterNames.host) },
        { name: names.port, valueFrom: parameterArn(db.parameterNames.port) },
        { name: names.name, valueFrom: parameterArn(db.parameterNames.name) },
        { name: names.username, valueFrom: `${db.masterUserSecretArn}:username::` },
        { name: names.password, valueFrom: `${db.masterUserSecretArn}:password::` },
      );
    }
    return refs.sort((a, b) => a.name.localeCompare(b.name));
  }

  private addAutoscaling(props: FargateServiceProps): void {
    const { settings } = props;
    const target = new AppautoscalingTarget(this, 'scaling-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${this.service.name}`,
      minCapacity: settings.minCapacity,
      maxCapacity: settings.maxCapacity,
    });
    new AppautoscalingPolicy(this, 'cpu-scaling', {
      name: `${props.ctx.names.name(settings.name)}-cpu`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      scalableDimension: target.scalableDimension,
      resourceId: target.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: settings.targetCpuPercent,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        scaleInCooldown: 300,
        scaleOutCooldown: 60,
      },
    });
  }

  private addAlarms(props: FargateServiceProps, serviceName: string): void {
    const common = {
      ctx: props.ctx,
      namespace: 'AWS/ECS',
      dimensions: { ClusterName: props.clusterName, ServiceName: serviceName },
      comparison: 'GreaterThanThreshold' as const,
      threshold: 85,
      evaluationPeriods: 10,
      topicArn: props.alarmTopicArn,
    };
    metricAlarm(this, 'cpu-alarm', { ...common, name: `${props.settings.name}-cpu-high`, description: `${serviceName} CPU above 85 %`, metricName: 'CPUUtilization' });
    metricAlarm(this, 'memory-alarm', { ...common, name: `${props.settings.name}-memory-high`, description: `${serviceName} memory above 85 %`, metricName: 'MemoryUtilization' });
  }
}
