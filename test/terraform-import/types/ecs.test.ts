/**
 * aws_ecs_cluster, aws_ecs_task_definition, aws_ecs_service: a cluster with its settings, a family's
 * latest revision (an older one skipped) with its container definitions as ECS reports them, and a
 * service imported as `cluster/service` that points at its cluster, task definition, target group,
 * subnets and security group by reference. The plan is proven in added-types-round-trip.test.ts.
 */
import { ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { isRef, Ref, SECRET_PLACEHOLDER } from '../../../terraform-import/discovery/model';
import { CLEAR_TEXT_SECRET, createEcsService } from '../../support/import-type-fixtures';
import { callsNotAllowed } from '../../support/import-iam-actions';
import { discoverTypes, useImportEmulator } from '../../support/import-type-test';

const TYPES = ['aws_ecs_cluster', 'aws_ecs_task_definition', 'aws_ecs_service'];

describe('ECS discovery', () => {
  const { emulator, sdk } = useImportEmulator();

  it('finds the cluster, the latest task definition revision and the service, with references between them', async () => {
    const fixture = await createEcsService(emulator());
    // a second revision: the first is now an older one
    const ecs = new ECSClient(sdk());
    const latest = (
      await ecs.send(new RegisterTaskDefinitionCommand({ family: 'shop-web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '512', memory: '1024', containerDefinitions: [{ name: 'web', image: 'public.ecr.aws/nginx/nginx:1.28' }] }))
    ).taskDefinition!.taskDefinitionArn!;
    ecs.destroy();

    const { manifest, calls } = await discoverTypes(TYPES);
    const entries = manifest.entries;
    const entry = (id: string) => entries.find((e) => e.id === id)!;

    const cluster = entry(fixture.cluster.arn);
    expect([cluster.decision, cluster.address, cluster.importId]).toEqual(['import', 'aws_ecs_cluster.shop', 'shop']);
    expect(cluster.resource.attributes).toEqual({ name: 'shop', setting: [{ name: 'containerInsights', value: 'enabled' }], tags: { Team: 'web' } });

    const older = entry(fixture.taskDefinitionArn);
    expect([older.decision, older.reason]).toEqual(['skip', 'an older revision of shop-web: the latest (revision 2) is imported']);
    const current = entry(latest);
    expect([current.decision, current.address, current.importId]).toEqual(['import', 'aws_ecs_task_definition.shop_web_2', latest]);
    // the first revision's full arguments: roles by reference, containers without ECS's empty lists
    const first = older.resource.attributes;
    expect(first).toMatchObject({ family: 'shop-web', cpu: '256', memory: '512', networkMode: 'awsvpc', requiresCompatibilities: ['FARGATE'], tags: { Team: 'web' } });
    expect(first.executionRoleArn).toEqual({ $ref: fixture.executionRole, attr: 'arn' });
    const [web] = JSON.parse(first.containerDefinitions as string) as Record<string, unknown>[];
    expect(web).toEqual({
      name: 'web',
      image: 'public.ecr.aws/nginx/nginx:1.27',
      cpu: 0,
      essential: true,
      portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
      // as ECS holds them (the provider compares environment and secrets sorted), but a secret-looking value never
      environment: [{ name: 'RAILS_ENV', value: 'production' }, { name: 'APP_PORT', value: '8080' }, { name: 'SECRET_KEY_BASE', value: SECRET_PLACEHOLDER }],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:eu-central-1:123456789012:parameter/shop/db-password' }],
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/shop/web', 'awslogs-region': 'eu-central-1', 'awslogs-stream-prefix': 'web' } },
    });
    // Terraform's own settings are kept out of the plan's comparison
    expect(current.resource.terraformOnlyArguments).toEqual(['skipDestroy', 'trackLatest']);
    // the placeholder must never be applied, and the reviewer is told which variable and what to do
    expect(older.resource.secretArguments).toEqual(['containerDefinitions']);
    expect(older.resource.notes?.containerDefinitions).toMatch(/^web\.SECRET_KEY_BASE: secret by name .* move to the container's secrets/);
    // the revision without such a variable is written whole and managed whole
    expect(current.resource.secretArguments).toBeUndefined();
    expect(JSON.stringify(entries)).not.toContain(CLEAR_TEXT_SECRET);

    const service = entries.find((e) => e.type === 'aws_ecs_service')!;
    expect([service.decision, service.address, service.importId]).toEqual(['import', 'aws_ecs_service.shop_shop_web', 'shop/shop-web']);
    const a = service.resource.attributes;
    expect(a.cluster).toEqual({ $ref: fixture.cluster.arn, attr: 'arn' });
    // the provider reads an imported service's task definition as family:revision
    expect(a.taskDefinition).toEqual({ $ref: fixture.taskDefinitionArn, attr: 'family', value: 'shop-web:1', to: 'aws_ecs_task_definition', template: '{family}:{revision}' });
    expect(a.loadBalancer).toEqual([{ targetGroupArn: { $ref: fixture.targetGroupArn, attr: 'arn' }, containerName: 'web', containerPort: 8080 }]);
    const network = a.networkConfiguration as { subnets: Ref[]; securityGroups: Ref[] };
    expect([...network.subnets, ...network.securityGroups].every(isRef)).toBe(true);
    expect([network.subnets.map((r) => r.$ref).sort(), network.securityGroups.map((r) => r.$ref)]).toEqual([[...fixture.subnets].sort(), [fixture.securityGroup]]);
    expect(a).toMatchObject({ name: 'shop-web', desiredCount: 2, launchType: 'FARGATE', healthCheckGracePeriodSeconds: 60, tags: { Team: 'web' } });
    // ECS enables AZ rebalancing for a service created without the setting (launcher extension); 200/100 % are the provider's defaults
    expect(a.availabilityZoneRebalancing).toBe('ENABLED');
    expect(Object.keys(a)).not.toContain('deploymentMaximumPercent');
    expect(Object.keys(a)).not.toContain('deploymentMinimumHealthyPercent');

    expect(callsNotAllowed(calls, TYPES)).toEqual([]);
  });
});
