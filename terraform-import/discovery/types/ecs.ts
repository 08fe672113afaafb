/**
 * ECS clusters, services and task definitions. Clusters import by name, services as
 * `cluster-name/service-name`, task definitions by ARN. A service points at its cluster, task
 * definition, target groups, subnets and security groups by reference; a task definition at its
 * roles. Container definitions are written as ECS reports them, empty lists and nulls left out: the
 * provider compares them after sorting containers, environment and secrets and filling ECS's
 * defaults (essential, health-check timings, tcp), so what AWS returns plans as no change.
 */
import {
  Cluster,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  paginateListClusters,
  paginateListServices,
  paginateListTaskDefinitions,
  Service,
  Tag,
} from '@aws-sdk/client-ecs';
import { hideSecretEnvironment } from '../../secret-environment';
import { AttrValue, DiscoveredResource, kmsKeyRef, ref, SECRET_PLACEHOLDER } from '../model';
import { DiscoveryContext, ResourceTypeModule, collect, defined, tagsArgument } from '../resource-type';

/** DescribeClusters takes at most 100 clusters a call, DescribeServices 10 services. */
const CLUSTERS_PER_CALL = 100;
const SERVICES_PER_CALL = 10;

const ecsTags = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => !t.key?.startsWith('aws:')).map((t) => [t.key!, t.value ?? '']));

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const listClusters = (ctx: DiscoveryContext): Promise<Cluster[]> =>
  ctx.once('ecs:clusters', async () => {
    const arns = await collect(paginateListClusters({ client: ctx.clients.ecs }, {}), (p) => p.clusterArns);
    const described = await Promise.all(
      chunks(arns, CLUSTERS_PER_CALL).map(async (batch) => (await ctx.clients.ecs.send(new DescribeClustersCommand({ clusters: batch, include: ['SETTINGS', 'TAGS', 'CONFIGURATIONS'] }))).clusters ?? []),
    );
    return described.flat();
  });

export const ecsClusterType: ResourceTypeModule = {
  type: 'aws_ecs_cluster',
  resource: { module: 'ecs-cluster', className: 'EcsCluster' },
  iamActions: ['ecs:ListClusters', 'ecs:DescribeClusters'],
  async discover(ctx) {
    return (await listClusters(ctx)).map((c): DiscoveredResource => {
      const tags = ecsTags(c.tags);
      const exec = c.configuration?.executeCommandConfiguration;
      const storage = c.configuration?.managedStorageConfiguration;
      const log = exec?.logConfiguration;
      const configuration = defined({
        executeCommandConfiguration: exec
          ? defined({
              kmsKeyId: exec.kmsKeyId ? kmsKeyRef(exec.kmsKeyId) : undefined,
              logging: exec.logging,
              logConfiguration: log
                ? defined({
                    cloudWatchEncryptionEnabled: log.cloudWatchEncryptionEnabled || undefined,
                    cloudWatchLogGroupName: log.cloudWatchLogGroupName ? ref(log.cloudWatchLogGroupName, 'name', undefined, 'aws_cloudwatch_log_group') : undefined,
                    s3BucketName: log.s3BucketName ? ref(log.s3BucketName, 'bucket', undefined, 'aws_s3_bucket') : undefined,
                    s3BucketEncryptionEnabled: log.s3EncryptionEnabled || undefined,
                    s3KeyPrefix: log.s3KeyPrefix,
                  })
                : undefined,
            })
          : undefined,
        managedStorageConfiguration: storage
          ? defined({
              kmsKeyId: storage.kmsKeyId ? kmsKeyRef(storage.kmsKeyId) : undefined,
              fargateEphemeralStorageKmsKeyId: storage.fargateEphemeralStorageKmsKeyId ? kmsKeyRef(storage.fargateEphemeralStorageKmsKeyId) : undefined,
            })
          : undefined,
      });
      return {
        type: 'aws_ecs_cluster',
        id: c.clusterArn!,
        importId: c.clusterName!,
        name: tags.Name ?? c.clusterName!,
        tags,
        altIds: [c.clusterName!],
        attributes: {
          name: c.clusterName!,
          // containerInsights and the like, as ECS reports them
          ...(c.settings?.length ? { setting: c.settings.map((s) => ({ name: s.name!, value: s.value! })) } : {}),
          ...(Object.keys(configuration).length ? { configuration } : {}),
          ...(c.serviceConnectDefaults?.namespace ? { serviceConnectDefaults: { namespace: c.serviceConnectDefaults.namespace } } : {}),
          ...tagsArgument(tags),
        },
      };
    });
  },
};

/** Drops nulls, empty lists and empty objects, recursively: ECS reports many; the provider ignores them. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(compact).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => [k, compact(v)] as const).filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === null ? undefined : value;
}

/** An IAM role given by ARN, as a reference to the role's arn. */
const roleRef = (arn: string | undefined) => (arn ? ref(arn, 'arn') : undefined);

export const ecsTaskDefinitionType: ResourceTypeModule = {
  type: 'aws_ecs_task_definition',
  resource: { module: 'ecs-task-definition', className: 'EcsTaskDefinition' },
  iamActions: ['ecs:ListTaskDefinitions', 'ecs:DescribeTaskDefinition'],
  async discover(ctx) {
    // active revisions only: an inactive one cannot run anything and cannot be changed
    const arns = await collect(paginateListTaskDefinitions({ client: ctx.clients.ecs }, { status: 'ACTIVE' }), (p) => p.taskDefinitionArns);
    const latest = new Map<string, number>();
    for (const arn of arns) {
      const [family, revision] = arn.split('/').pop()!.split(':');
      latest.set(family, Math.max(latest.get(family) ?? 0, Number(revision)));
    }
    return ctx.each('aws_ecs_task_definition', arns, (a) => a, async (arn): Promise<DiscoveredResource> => {
      const out = await ctx.clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }));
      const td = out.taskDefinition!;
      const tags = ecsTags(out.tags);
      const family = td.family!;
      const older = td.revision !== latest.get(family);
      const { containers, hidden } = hideSecretEnvironment(td.containerDefinitions ?? [], SECRET_PLACEHOLDER);
      const attributes: Record<string, AttrValue> = defined({
        family,
        containerDefinitions: JSON.stringify(compact(containers) ?? []),
        cpu: td.cpu,
        memory: td.memory,
        networkMode: td.networkMode,
        requiresCompatibilities: td.requiresCompatibilities?.length ? td.requiresCompatibilities : undefined,
        executionRoleArn: roleRef(td.executionRoleArn),
        taskRoleArn: roleRef(td.taskRoleArn),
        pidMode: td.pidMode,
        ipcMode: td.ipcMode,
        runtimePlatform: td.runtimePlatform ? (compact({ operatingSystemFamily: td.runtimePlatform.operatingSystemFamily, cpuArchitecture: td.runtimePlatform.cpuArchitecture }) as Record<string, AttrValue>) : undefined,
        ephemeralStorage: td.ephemeralStorage?.sizeInGiB ? { sizeInGib: td.ephemeralStorage.sizeInGiB } : undefined,
        placementConstraints: td.placementConstraints?.length ? td.placementConstraints.map((p) => defined({ type: p.type!, expression: p.expression })) : undefined,
        volume: td.volumes?.length
          ? td.volumes.map((v) =>
              defined({
                name: v.name!,
                hostPath: v.host?.sourcePath,
                efsVolumeConfiguration: v.efsVolumeConfiguration
                  ? defined({
                      fileSystemId: ref(v.efsVolumeConfiguration.fileSystemId!),
                      rootDirectory: v.efsVolumeConfiguration.rootDirectory,
                      transitEncryption: v.efsVolumeConfiguration.transitEncryption,
                      transitEncryptionPort: v.efsVolumeConfiguration.transitEncryptionPort,
                      authorizationConfig: v.efsVolumeConfiguration.authorizationConfig
                        ? defined({ accessPointId: v.efsVolumeConfiguration.authorizationConfig.accessPointId, iam: v.efsVolumeConfiguration.authorizationConfig.iam })
                        : undefined,
                    })
                  : undefined,
              }),
            )
          : undefined,
        ...tagsArgument(tags),
      });
      return {
        type: 'aws_ecs_task_definition',
        id: td.taskDefinitionArn!,
        importId: td.taskDefinitionArn!,
        name: `${family}_${td.revision}`,
        tags,
        skipReason: older ? `an older revision of ${family}: the latest (revision ${latest.get(family)}) is imported` : undefined,
        // whether `terraform destroy` keeps the revision registered, and whether the newest revision is tracked: Terraform's to say
        terraformOnlyArguments: ['skipDestroy', 'trackLatest'],
        ...(hidden.length
          ? {
              secretArguments: ['containerDefinitions'],
              notes: {
                containerDefinitions:
                  `${hidden.join(', ')}: secret by name but held in clear by the task definition, so written here as a placeholder; ` +
                  'ignore_changes (below) covers all of container_definitions until they move to the container\'s secrets (SSM Parameter Store), a new revision.',
              },
            }
          : {}),
        attributes,
      };
    });
  },
};

/** The subnets, groups and target groups a service points at, as references. */
function serviceAttributes(s: Service): Record<string, AttrValue> {
  const net = s.networkConfiguration?.awsvpcConfiguration;
  const deployment = s.deploymentConfiguration;
  const replica = (s.schedulingStrategy ?? 'REPLICA') === 'REPLICA';
  return {
    name: s.serviceName!,
    cluster: ref(s.clusterArn!, 'arn'),
    // the provider reads an imported service's task definition as family:revision
    taskDefinition: ref(s.taskDefinition!, 'family', s.taskDefinition!.split('/').pop(), 'aws_ecs_task_definition', '{family}:{revision}'),
    ...(replica ? { desiredCount: s.desiredCount ?? 0 } : { schedulingStrategy: s.schedulingStrategy! }),
    ...(s.launchType ? { launchType: s.launchType } : {}),
    // provider default DISABLED; ECS enables it for services created without the setting
    ...(s.availabilityZoneRebalancing && s.availabilityZoneRebalancing !== 'DISABLED' ? { availabilityZoneRebalancing: s.availabilityZoneRebalancing } : {}),
    ...(s.capacityProviderStrategy?.length
      ? { capacityProviderStrategy: s.capacityProviderStrategy.map((c) => defined({ capacityProvider: c.capacityProvider!, weight: c.weight, base: c.base || undefined })) }
      : {}),
    ...(s.loadBalancers?.length
      ? {
          loadBalancer: s.loadBalancers.map((lb) =>
            defined({ targetGroupArn: lb.targetGroupArn ? ref(lb.targetGroupArn, 'arn') : undefined, elbName: lb.loadBalancerName, containerName: lb.containerName!, containerPort: lb.containerPort! }),
          ),
        }
      : {}),
    ...(net
      ? {
          networkConfiguration: {
            subnets: (net.subnets ?? []).map((id) => ref(id)),
            ...(net.securityGroups?.length ? { securityGroups: net.securityGroups.map((id) => ref(id)) } : {}),
            // provider default false
            ...(net.assignPublicIp === 'ENABLED' ? { assignPublicIp: true } : {}),
          },
        }
      : {}),
    // provider defaults 200 % and 100 % (for replica services)
    ...(deployment?.maximumPercent !== undefined && deployment.maximumPercent !== 200 ? { deploymentMaximumPercent: deployment.maximumPercent } : {}),
    ...(deployment?.minimumHealthyPercent !== undefined && deployment.minimumHealthyPercent !== 100 ? { deploymentMinimumHealthyPercent: deployment.minimumHealthyPercent } : {}),
    ...(deployment?.deploymentCircuitBreaker
      ? { deploymentCircuitBreaker: { enable: deployment.deploymentCircuitBreaker.enable ?? false, rollback: deployment.deploymentCircuitBreaker.rollback ?? false } }
      : {}),
    ...(s.deploymentController?.type && s.deploymentController.type !== 'ECS' ? { deploymentController: { type: s.deploymentController.type } } : {}),
    ...(s.healthCheckGracePeriodSeconds ? { healthCheckGracePeriodSeconds: s.healthCheckGracePeriodSeconds } : {}),
    ...(s.enableExecuteCommand ? { enableExecuteCommand: true } : {}),
    ...(s.enableECSManagedTags ? { enableEcsManagedTags: true } : {}),
    ...(s.propagateTags && s.propagateTags !== 'NONE' ? { propagateTags: s.propagateTags } : {}),
    ...(s.platformVersion && s.platformVersion !== 'LATEST' ? { platformVersion: s.platformVersion } : {}),
    ...(s.placementConstraints?.length ? { placementConstraints: s.placementConstraints.map((p) => defined({ type: p.type!, expression: p.expression })) } : {}),
    ...(s.placementStrategy?.length ? { orderedPlacementStrategy: s.placementStrategy.map((p) => defined({ type: p.type!, field: p.field })) } : {}),
    ...(s.serviceRegistries?.length
      ? { serviceRegistries: defined({ registryArn: s.serviceRegistries[0].registryArn!, port: s.serviceRegistries[0].port, containerName: s.serviceRegistries[0].containerName, containerPort: s.serviceRegistries[0].containerPort }) }
      : {}),
    ...tagsArgument(ecsTags(s.tags)),
  };
}

export const ecsServiceType: ResourceTypeModule = {
  type: 'aws_ecs_service',
  resource: { module: 'ecs-service', className: 'EcsService' },
  iamActions: ['ecs:ListClusters', 'ecs:DescribeClusters', 'ecs:ListServices', 'ecs:DescribeServices'],
  async discover(ctx) {
    const clusters = await listClusters(ctx);
    const perCluster = await ctx.each('aws_ecs_service', clusters, (c) => c.clusterArn!, async (c) => {
      const arns = await collect(paginateListServices({ client: ctx.clients.ecs }, { cluster: c.clusterArn }), (p) => p.serviceArns);
      const described = await Promise.all(
        chunks(arns, SERVICES_PER_CALL).map(async (batch) => (await ctx.clients.ecs.send(new DescribeServicesCommand({ cluster: c.clusterArn, services: batch, include: ['TAGS'] }))).services ?? []),
      );
      return described.flat().map((s): DiscoveredResource => {
        const tags = ecsTags(s.tags);
        const id = `${c.clusterName}/${s.serviceName}`;
        return {
          type: 'aws_ecs_service',
          id: s.serviceArn!,
          importId: id,
          name: tags.Name ?? `${c.clusterName}_${s.serviceName}`,
          tags,
          altIds: [id],
          // whether apply waits for a steady state, deletes by force, or redeploys: Terraform's to say
          terraformOnlyArguments: ['waitForSteadyState', 'forceDelete', 'forceNewDeployment'],
          attributes: serviceAttributes(s),
        };
      });
    });
    return perCluster.flat();
  },
};
