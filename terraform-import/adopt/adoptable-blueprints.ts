/** The blueprints `import adopt` maps a running application onto (see blueprint-mapping.ts). */
export type AdoptableBlueprint = 'instance-app' | 'container-app';
export const ADOPTABLE_BLUEPRINTS: readonly AdoptableBlueprint[] = ['instance-app', 'container-app'];
