/**
 * Instance-app stacks in both tiers and with every optional path (tag lookup, AMI lookup, MySQL, data
 * volume, Ubuntu, internal load balancer) are accepted by Terraform with hashicorp/aws 5.100.0.
 */
import { synthEnvironments } from '../support/synth-stack';
import { instanceAppConfig, withInstanceApp } from '../support/instance-app-config';
import { CLEAN, terraformValidate } from '../support/terraform-validate';

describe('instance-app stacks pass terraform validate', () => {
  const synth = synthEnvironments({
    'erp/test': instanceAppConfig('test'),
    'erp/production': withInstanceApp('production', { dataVolume: { sizeGiB: 100 }, stickinessSeconds: 3600 }),
    'erp/variant': withInstanceApp(
      'test',
      {
        ami: { owner: 'self', namePattern: 'hardened-*' },
        operatingSystem: 'UBUNTU',
        instancesPerAz: 2,
        userData: '#!/bin/bash\ntrue\n',
        logFiles: [{ path: '/opt/app/logs/catalina.out', name: 'catalina' }],
      },
      {
        environment: 'variant',
        network: { lookup: { vpcTags: { Name: 'lz' }, privateSubnetTags: { Tier: 'private' }, availabilityZones: ['eu-central-1a', 'eu-central-1b'] } },
        loadBalancer: { scheme: 'internal', allowedIngressCidrs: ['10.0.0.0/8'], certificate: { domainName: 'erp.example.com', hostedZoneId: 'Z0123456789ABC' } },
        database: { engine: 'mysql', engineVersion: '8.0' },
        backup: { weeklyRetentionDays: 30, monthlyRetentionDays: 180 },
        patching: { schedule: 'cron(30 2 ? * WED *)', scheduleTimezone: 'Europe/Berlin', rebootOption: 'NoReboot' },
      },
    ),
  });

  it.each(Object.keys(synth.stackDirs))('%s', (name) => {
    expect(terraformValidate(synth.stackDirs[name])).toEqual(CLEAN);
  });
});
