/**
 * The operating systems of the hardened images, apart from the environment schema so that command
 * lines can list them without loading the schema (zod and every tier default).
 */

/** What Patch Manager calls the operating systems of the hardened images. */
export const OPERATING_SYSTEMS = ['AMAZON_LINUX_2023', 'AMAZON_LINUX_2', 'REDHAT_ENTERPRISE_LINUX', 'ROCKY_LINUX', 'ORACLE_LINUX', 'UBUNTU'] as const;
