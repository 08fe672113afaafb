/**
 * Where a stack's state lives by default: the names the README documents (config reference, `backend`)
 * and that the backend construct and the import tooling use, so a stack finds the state it wrote.
 */
import { localStateFile } from '../../config/state-location';

describe('default state location', () => {
  it('keeps a local stack\'s state in terraform.<stack>.tfstate, as the config reference says', () => {
    expect(localStateFile('shop-production')).toBe('terraform.shop-production.tfstate');
  });
});
