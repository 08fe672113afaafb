/**
 * Container environment variables that hold secrets. ECS returns a task definition's `environment`
 * in clear, and click-ops task definitions often carry a DB_PASSWORD or SECRET_KEY_BASE there instead
 * of in `secrets` (SSM Parameter Store / Secrets Manager). Generated code and plan.json are review
 * artefacts that end up in a repository and a merge request: such a value must reach neither. The name
 * is all there is to go by; a name that only looks secret costs a placeholder and a comment, a missed
 * secret costs a leaked credential, so the pattern errs on the side of hiding.
 */

const SECRET_NAME = /PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH_?KEY|SIGNING_?KEY/i;

/** Whether an environment variable's name says its value is a secret. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

interface ContainerWithEnvironment {
  name?: string;
  environment?: { name?: string; value?: string }[];
}

/**
 * The containers with the value of every secret-looking environment variable replaced by
 * `placeholder`, and which ones were hidden (`container.VARIABLE`, in container order).
 */
export function hideSecretEnvironment<T extends ContainerWithEnvironment>(containers: readonly T[], placeholder: string): { containers: T[]; hidden: string[] } {
  const hidden: string[] = [];
  const out = containers.map((c) => {
    if (!c.environment?.some((e) => e.name !== undefined && looksSecret(e.name))) return c;
    const environment = c.environment.map((e) => {
      if (e.name === undefined || !looksSecret(e.name)) return e;
      hidden.push(`${c.name ?? '(unnamed)'}.${e.name}`);
      return { ...e, value: placeholder };
    });
    return { ...c, environment };
  });
  return { containers: out, hidden };
}

/** A `container_definitions` JSON string as Terraform shows it, with the same values masked. */
export function maskContainerDefinitions(json: string, placeholder: string): string {
  let containers: unknown;
  try {
    containers = JSON.parse(json);
  } catch {
    return json; // unknown until apply, or not ours to read: nothing of AWS's in it
  }
  if (!Array.isArray(containers)) return json;
  const { hidden, containers: masked } = hideSecretEnvironment(containers as ContainerWithEnvironment[], placeholder);
  return hidden.length ? JSON.stringify(masked) : json;
}
