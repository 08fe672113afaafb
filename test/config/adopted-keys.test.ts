/**
 * The keys of adopted environments are validated like any other: their own shape in the schema, the
 * AWS naming rules on the names they set (blamed on the key that set them, not on app or environment),
 * and the rules that span keys (an existing KMS key excludes the own key's settings; instances one by
 * one belong to the network's zones and subnets).
 */
import { containerAppConfig } from '../support/container-app-config';
import { expectConfigErrors, MalformedCase } from '../support/config-errors';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';

const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const loadBalancer = instanceAppConfig('test').loadBalancer as Record<string, unknown>;
const withService = (keys: Record<string, unknown>) => {
  const base = containerAppConfig('test');
  const [web] = (base.containerApp as { services: Record<string, unknown>[] }).services;
  return { ...base, containerApp: { services: [{ ...web, ...keys }] } };
};

const cases: MalformedCase[] = [
  {
    name: 'an existing KMS key beside settings of an own key',
    file: instanceAppConfig('test', { kmsKey: { existingKeyArn: KEY, aliasName: 'alias/erp', deletionWindowDays: 30 } }),
    expect: [/kmsKey\.aliasName: settings for a key the environment creates, found beside existingKeyArn/, /kmsKey\.deletionWindowDays: settings for a key the environment creates/],
  },
  {
    name: 'an existing KMS key in another region',
    file: instanceAppConfig('test', { kmsKey: { existingKeyArn: KEY.replace('eu-central-1', 'eu-west-1') } }),
    expect: [/kmsKey\.existingKeyArn: expected a key in the environment's region eu-central-1 .*found one in eu-west-1$/],
  },
  {
    name: 'a KMS key by alias instead of ARN',
    file: instanceAppConfig('test', { kmsKey: { existingKeyArn: 'arn:aws:kms:eu-central-1:123456789012:alias/erp' } }),
    expect: [/kmsKey\.existingKeyArn: expected a KMS key ARN \(arn:aws:kms:<region>:<account>:key\/<key id>\), found "arn:aws:kms/],
  },
  { name: 'an alias without alias/', file: instanceAppConfig('test', { kmsKey: { aliasName: 'erp' } }), expect: [/kmsKey\.aliasName: expected a KMS alias name such as alias\/tma-production, found "erp"/] },
  {
    name: 'a load balancer name AWS refuses, blamed on the key',
    file: instanceAppConfig('test', { loadBalancer: { ...loadBalancer, name: 'internal-erp' } }),
    expect: [/^env\.yaml:\d+: loadBalancer\.name: .*internal-/],
  },
  {
    name: 'a database identifier AWS refuses, blamed on the key',
    file: instanceAppConfig('test', { database: { identifier: 'erp--db' } }),
    expect: [/^env\.yaml:\d+: database\.identifier: .*hyphens/],
  },
  {
    name: 'a security group name with the reserved sg- prefix',
    file: withInstanceApp('test', { securityGroup: { name: 'sg-erp' } }),
    expect: [/^env\.yaml:\d+: instanceApp\.securityGroup\.name: .*sg-/],
  },
  {
    name: 'a security group description with characters EC2 refuses',
    file: instanceAppConfig('test', { database: { securityGroup: { description: 'ERP ~ database' } } }),
    expect: [/database\.securityGroup\.description: expected at most 255 letters, digits, spaces and \._-:\/\(\)#,@\[\]\+=&;\{\}!\$\*, found "ERP ~ database"/],
  },
  {
    name: 'a target group name longer than 32',
    file: withInstanceApp('test', { targetGroup: { name: 'a'.repeat(33) } }),
    expect: [/^env\.yaml:\d+: instanceApp\.targetGroup\.name: .*32/],
  },
  {
    name: 'a health-check timeout not shorter than the interval',
    file: withInstanceApp('test', { targetGroup: { healthCheck: { intervalSeconds: 10, timeoutSeconds: 10 } } }),
    expect: [/instanceApp\.targetGroup\.healthCheck\.timeoutSeconds: expected a health-check timeout shorter than the interval \(10 s\), found 10 s/],
  },
  {
    name: 'instances together with instancesPerAz',
    file: withInstanceApp('test', { instancesPerAz: 2, instances: [{ availabilityZone: 'eu-central-1a' }] }),
    expect: [/instanceApp\.instancesPerAz: either instancesPerAz or instances, found both/],
  },
  {
    name: 'an instance in a zone the network does not have, and one in a subnet of another zone',
    file: withInstanceApp('test', {
      instances: [
        { availabilityZone: 'eu-central-1c' },
        { availabilityZone: 'eu-central-1a', subnetId: 'subnet-00000000000000002' },
      ],
    }),
    expect: [
      /instanceApp\.instances\[0\]\.availabilityZone: expected a zone of the network \(eu-central-1a, eu-central-1b\), found eu-central-1c/,
      /instanceApp\.instances\[1\]\.subnetId: expected a private subnet of eu-central-1a \(subnet-00000000000000001\), found subnet-00000000000000002/,
    ],
  },
  {
    name: 'a data volume size for an instance without a data volume',
    file: withInstanceApp('test', { instances: [{ availabilityZone: 'eu-central-1a', dataVolumeGiB: 100 }] }),
    expect: [/instanceApp\.instances\[0\]\.dataVolumeGiB: a data volume setting without instanceApp\.dataVolume/],
  },
  {
    name: 'an instance image that is not an AMI ID',
    file: withInstanceApp('test', { instances: [{ availabilityZone: 'eu-central-1a', ami: 'hardened-al2023' }] }),
    expect: [/instanceApp\.instances\[0\]\.ami: expected an ami- ID/],
  },
  {
    name: 'an ECS service name with a dot',
    file: withService({ serviceName: 'shop.web' }),
    expect: [/containerApp\.services\[0\]\.serviceName: expected an ECS service name \(letters, digits, _ and -, at most 255\), found "shop\.web"/],
  },
  {
    name: 'a task family with a space',
    file: withService({ taskFamily: 'shop web' }),
    expect: [/containerApp\.services\[0\]\.taskFamily: expected a task definition family/],
  },
  {
    name: 'an unknown key in an adopted target group',
    file: withService({ targetGroup: { port: 8080 } }),
    expect: [/containerApp\.services\[0\]\.targetGroup\.port: unknown key/],
  },
];

describe('keys of adopted environments', () => {
  it.each(cases)('$name', (c) => expectConfigErrors(c));
});
