/**
 * aws_security_group and its rules (aws_vpc_security_group_ingress_rule / egress_rule): groups without
 * inline rules, every rule imported by its sgr- ID, group and self references as references, IPv6
 * ranges kept, ports absent for "all protocols"; the default group and its rules are AWS's.
 */
import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { ManifestEntry } from '../../../terraform-import/manifest/manifest';
import { constructOf, discoverTypes, TypeDiscovery, useImportEmulator } from '../../support/import-type-test';

describe('import types aws_security_group and its rules', () => {
  const { sdk } = useImportEmulator();
  let vpc: string;
  let web: string;
  let app: string;
  let found: TypeDiscovery;

  beforeAll(async () => {
    const ec2 = new EC2Client(sdk());
    vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.8.0.0/16' }))).Vpc!.VpcId!;
    const group = async (name: string, tagName?: string) =>
      (
        await ec2.send(
          new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} servers`, VpcId: vpc, ...(tagName ? { TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'Name', Value: tagName }] }] } : {}) }),
        )
      ).GroupId!;
    web = await group('web', 'Web tier');
    app = await group('app');
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'HTTPS' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
      }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: app,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8081, UserIdGroupPairs: [{ GroupId: web }] },
          { IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: app, Description: 'peers' }] },
        ],
      }),
    );
    ec2.destroy();
    found = await discoverTypes(['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_vpc']);
  });

  const rulesOf = (type: string, group: string): ManifestEntry[] => found.ofType(type).filter((e) => (e.resource.attributes.securityGroupId as { $ref: string }).$ref === group);

  it('imports a group by ID, named by its Name tag else its group name, with the description AWS requires and no inline rules', () => {
    const g = found.entry('aws_security_group', web);
    expect([g.importId, g.resource.name, g.decision, g.reason, g.address]).toEqual([web, 'Web tier', 'import', 'discovered, not managed by Terraform', 'aws_security_group.web_tier']);
    expect(g.resource.attributes).toEqual({ name: 'web', description: 'web servers', vpcId: { $ref: vpc, attr: 'id' }, tags: { Name: 'Web tier' } });
    expect(found.entry('aws_security_group', app).resource.name).toBe('app');
    const construct = constructOf(found.code, g);
    expect(construct.imported).toBe(true);
    expect(construct.body).not.toMatch(/ingress|egress/);
  });

  it('imports each rule by its sgr- ID: IPv4 and IPv6 apart, group and self references, no ports for all protocols', () => {
    const webRules = rulesOf('aws_vpc_security_group_ingress_rule', web);
    expect(webRules.map((e) => e.resource.name).sort()).toEqual(['Web tier_ingress_443_anywhere', 'Web tier_ingress_443_ipv6']);
    for (const r of webRules) expect([r.importId, r.decision, r.address]).toEqual([expect.stringMatching(/^sgr-/), 'import', `aws_vpc_security_group_ingress_rule.${r.name}`]);
    const ipv6 = webRules.find((e) => e.resource.name.endsWith('ipv6'))!;
    expect(ipv6.resource.attributes).toEqual({ securityGroupId: { $ref: web, attr: 'id' }, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' });

    const appRules = rulesOf('aws_vpc_security_group_ingress_rule', app);
    const fromWeb = appRules.find((e) => e.resource.name === 'app_ingress_8080_8081_group')!;
    expect(constructOf(found.code, fromWeb).body).toBe('      securityGroupId: app.id,\n      ipProtocol: "tcp",\n      fromPort: 8080,\n      toPort: 8081,\n      referencedSecurityGroupId: webTier.id,');
    const self = appRules.find((e) => e.resource.name === 'app_ingress_all_self')!;
    expect(constructOf(found.code, self).body).toBe('      securityGroupId: app.id,\n      ipProtocol: "-1",\n      referencedSecurityGroupId: app.id,\n      description: "peers",');
    // the allow-all egress rule AWS adds to a new group is a resource like any other
    expect(rulesOf('aws_vpc_security_group_egress_rule', app).map((e) => [e.resource.name, e.resource.attributes.cidrIpv4, e.decision])).toEqual([['app_egress_all_anywhere', '0.0.0.0/0', 'import']]);
    // no group ID is written twice: its own import, then references
    expect(found.code.split(`"${app}"`).length - 1).toBe(1);
  });

  it('skips the default group of every VPC and its rules', () => {
    const defaults = found.ofType('aws_security_group').filter((e) => e.resource.attributes.name === 'default');
    expect(defaults.length).toBeGreaterThanOrEqual(2);
    expect(new Set(defaults.map((e) => `${e.decision}: ${e.reason}`))).toEqual(new Set(['skip: AWS-managed: the default security group of its VPC']));
    const defaultIds = defaults.map((e) => e.id);
    const defaultRules = [...found.ofType('aws_vpc_security_group_ingress_rule'), ...found.ofType('aws_vpc_security_group_egress_rule')].filter((e) =>
      defaultIds.includes((e.resource.attributes.securityGroupId as { $ref: string }).$ref),
    );
    expect(defaultRules.length).toBeGreaterThan(0);
    expect(new Set(defaultRules.map((e) => e.decision))).toEqual(new Set(['skip']));
  });
});
