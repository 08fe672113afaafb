/**
 * Terraform names from Name tags: lower-case snake case, starting with a letter, unique per type.
 * The same Name always gives the same identifier, so a re-run keeps addresses.
 */
export function identifierFrom(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (snake === '') return 'resource';
  return /^[a-z]/.test(snake) ? snake : `r_${snake}`;
}

/**
 * An identifier not yet in `taken`; adds it. Names are unique in the whole stack (a construct's ID is
 * its Terraform name), so a clash with another type gets the type as suffix, then _2, _3 ….
 */
export function uniqueIdentifier(name: string, type: string, taken: Set<string>): string {
  const base = identifierFrom(name);
  let candidate = taken.has(base) ? `${base}_${type.replace(/^aws_/, '')}` : base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}_${n}`;
  taken.add(candidate);
  return candidate;
}
