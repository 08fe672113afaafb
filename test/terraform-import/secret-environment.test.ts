/**
 * Secrets a task definition holds in clear: which environment variables count as secret, and that
 * plan.json (a review artefact) masks them as well as what the provider marks sensitive. The
 * end-to-end proof (discovery, generated code, a plan of imports only) is in
 * types/added-types-round-trip.test.ts.
 */
import { hideSecretEnvironment, looksSecret, maskContainerDefinitions } from '../../terraform-import/secret-environment';
import { redactPlan } from '../../terraform-import/verify/verify';

describe('secret-looking environment variables', () => {
  it.each(['DB_PASSWORD', 'SECRET_KEY_BASE', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'APIKEY', 'AWS_SECRET_ACCESS_KEY', 'SMTP_CREDENTIALS', 'jwt_signing_key', 'Ssl_Passphrase'])(
    '%s is a secret by its name',
    (name) => expect(looksSecret(name)).toBe(true),
  );

  it.each(['RAILS_ENV', 'APP_PORT', 'DATABASE_HOST', 'LOG_LEVEL', 'KEYCLOAK_REALM'])('%s is not', (name) => expect(looksSecret(name)).toBe(false));

  it('replaces only the secret values, names which, and leaves containers without them as they were', () => {
    const plain = { name: 'sidecar', environment: [{ name: 'LOG_LEVEL', value: 'info' }] };
    const web = { name: 'web', image: 'app:1', environment: [{ name: 'RAILS_ENV', value: 'production' }, { name: 'DB_PASSWORD', value: 'hunter2' }] };
    const { containers, hidden } = hideSecretEnvironment([web, plain], 'placeholder');
    expect(hidden).toEqual(['web.DB_PASSWORD']);
    expect(containers).toEqual([{ name: 'web', image: 'app:1', environment: [{ name: 'RAILS_ENV', value: 'production' }, { name: 'DB_PASSWORD', value: 'placeholder' }] }, plain]);
    // what AWS returned is left as it was
    expect(web.environment[1].value).toBe('hunter2');
    // the same object when nothing was hidden, so the JSON Terraform compares is byte-identical
    expect(containers[1]).toBe(plain);
  });

  it('leaves a container_definitions string that is not a list of containers alone', () => {
    expect(maskContainerDefinitions('not json', 'x')).toBe('not json');
    expect(maskContainerDefinitions('{"a":1}', 'x')).toBe('{"a":1}');
    const unchanged = '[{"name":"web","environment":[{"name":"RAILS_ENV","value":"production"}]}]';
    expect(maskContainerDefinitions(unchanged, 'x')).toBe(unchanged);
  });
});

describe('plan.json', () => {
  const containers = JSON.stringify([{ name: 'web', environment: [{ name: 'SECRET_KEY_BASE', value: 'in-clear' }, { name: 'RAILS_ENV', value: 'production' }] }]);
  const taskDefinition = () => ({ family: 'shop-web', container_definitions: containers });

  it('masks secret-looking environment values wherever the plan shows a task definition, and sensitive values as before', () => {
    const plan = redactPlan({
      prior_state: { values: { root_module: { resources: [{ values: taskDefinition(), sensitive_values: {} }] } } },
      planned_values: { root_module: { resources: [{ values: taskDefinition(), sensitive_values: {} }], child_modules: [{ resources: [{ values: { value: 'db-secret' }, sensitive_values: { value: true } }] }] } },
      resource_changes: [{ change: { before: taskDefinition(), after: taskDefinition(), before_sensitive: {}, after_sensitive: {} } }],
      variables: { token: { value: 'from-a-variable' } },
    });
    const text = JSON.stringify(plan);
    expect(text).not.toContain('in-clear');
    expect(text).not.toContain('db-secret');
    expect(text).not.toContain('from-a-variable');
    // what is not secret stays readable for the reviewer
    const shown = JSON.parse((plan.resource_changes as { change: { after: { container_definitions: string } } }[])[0].change.after.container_definitions);
    expect(shown).toEqual([{ name: 'web', environment: [{ name: 'SECRET_KEY_BASE', value: '(sensitive)' }, { name: 'RAILS_ENV', value: 'production' }] }]);
  });
});
