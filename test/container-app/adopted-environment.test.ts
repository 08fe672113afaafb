/**
 * A container app adopted from a running one: the ECS cluster, service and task family keep their
 * names (a new service name replaces the service), the target group and security groups theirs, and
 * an existing ACM certificate is used instead of a new one. Without the keys each keeps its derived
 * name (the golden digest of test/main covers the whole output).
 */
import { Json, ref, resourceAt, resourcesOfType, synthEnvironments } from '../support/synth-stack';
import { containerAppConfig } from '../support/container-app-config';

const CERTIFICATE = 'arn:aws:acm:eu-central-1:123456789012:certificate/5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

function adopted(): Record<string, unknown> {
  const base = containerAppConfig('production');
  const [web] = (base.containerApp as { services: Record<string, unknown>[] }).services;
  return {
    ...base,
    loadBalancer: { certificate: { arn: CERTIFICATE }, name: 'shop-lb', securityGroup: { name: 'shop-lb-sg', description: 'Shop ALB' } },
    database: { identifier: 'shop-postgres', securityGroup: { name: 'shop-db-sg', description: 'Shop database' } },
    containerApp: {
      clusterName: 'shop-cluster',
      services: [
        {
          ...web,
          serviceName: 'shop-web-service',
          taskFamily: 'shop-web',
          targetGroup: { name: 'shop-web-tg', healthCheck: { intervalSeconds: 20, timeoutSeconds: 6, healthyThreshold: 3, unhealthyThreshold: 4 } },
          securityGroup: { name: 'shop-web-sg', description: 'Shop web tasks' },
        },
      ],
    },
  };
}

describe('container app adopted from a running one', () => {
  const synth = synthEnvironments({ 'shop/production': adopted(), 'shop/test': containerAppConfig('test') });
  const stack = synth.stacks['shop-production'];
  const fresh = synth.stacks['shop-test'];

  it('keeps the cluster name, and the service refers to that cluster', () => {
    expect(resourceAt(stack, 'aws_ecs_cluster', 'app/cluster').name).toBe('shop-cluster');
    expect(resourceAt(fresh, 'aws_ecs_cluster', 'app/cluster').name).toBe('shop-test');
    const autoscaling = resourceAt(stack, 'aws_appautoscaling_target', 'service-web/scaling-target');
    expect(autoscaling.resource_id).toBe(`service/${ref(stack, 'aws_ecs_cluster', 'app/cluster', 'name')}/${ref(stack, 'aws_ecs_service', 'service-web/service', 'name')}`);
  });

  it('keeps the service name (a new one would replace the service), and its alarms watch that service', () => {
    expect(resourceAt(stack, 'aws_ecs_service', 'service-web/service').name).toBe('shop-web-service');
    expect(resourceAt(fresh, 'aws_ecs_service', 'service-web/service').name).toBe('shop-test-web');
    const alarm: Json = resourceAt(stack, 'aws_cloudwatch_metric_alarm', 'service-web/cpu-alarm');
    expect(alarm.dimensions.ServiceName).toBe('shop-web-service');
  });

  it("keeps the task family, so the blueprint's task definition is the family's next revision", () => {
    expect(resourceAt(stack, 'aws_ecs_task_definition', 'service-web/task-definition').family).toBe('shop-web');
    expect(resourceAt(fresh, 'aws_ecs_task_definition', 'service-web/task-definition').family).toBe('shop-test-web');
  });

  it('keeps the target group name and health-check timing; the port stays the container port', () => {
    const group: Json = resourceAt(stack, 'aws_lb_target_group', 'target-group-web');
    expect([group.name, group.protocol, group.port, group.target_type]).toEqual(['shop-web-tg', 'HTTP', 3000, 'ip']);
    expect(group.health_check).toEqual(expect.objectContaining({ interval: 20, timeout: 6, healthy_threshold: 3, unhealthy_threshold: 4, path: '/up' }));
    expect(resourceAt(fresh, 'aws_lb_target_group', 'target-group-web').name).toBe('shop-test-web');
  });

  it("keeps the tasks' security group name and description", () => {
    const group = resourceAt(stack, 'aws_security_group', 'service-web/security-group');
    expect([group.name, group.description]).toEqual(['shop-web-sg', 'Shop web tasks']);
    expect(resourceAt(fresh, 'aws_security_group', 'service-web/security-group').name).toBe('shop-test-web');
  });

  it('keeps the load balancer, its security group and the database identifier', () => {
    expect(resourceAt(stack, 'aws_lb', 'load-balancer/alb').name).toBe('shop-lb');
    expect(resourceAt(stack, 'aws_security_group', 'load-balancer/security-group').description).toBe('Shop ALB');
    expect(resourceAt(stack, 'aws_db_instance', 'app/database/instance').identifier).toBe('shop-postgres');
    expect(resourceAt(stack, 'aws_security_group', 'app/database/security-group').name).toBe('shop-db-sg');
  });

  it('uses the existing ACM certificate: no certificate, validation or DNS record is created', () => {
    for (const type of ['aws_acm_certificate', 'aws_acm_certificate_validation', 'aws_route53_record']) expect(resourcesOfType(stack, type)).toEqual({});
    expect(resourceAt(stack, 'aws_lb_listener', 'load-balancer/https').certificate_arn).toBe(CERTIFICATE);
  });
});
