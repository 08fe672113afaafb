/**
 * How a config problem is printed: one line per problem, `file:line: key: message`, and control
 * characters of file names, keys and messages escaped, so a crafted name can neither split the line
 * nor send escape sequences to the user's terminal.
 */
import { ConfigError, formatConfigIssue, formatKeyPath, printable } from '../../config/config-error';

describe('ConfigError', () => {
  it('prints file, line, key path and message, leaving out what is unknown', () => {
    expect(formatConfigIssue({ file: 'shop/test.yaml', line: 4, keyPath: 'database.multiAz', message: 'expected boolean' })).toBe('shop/test.yaml:4: database.multiAz: expected boolean');
    expect(formatConfigIssue({ file: 'shop/test.yaml', keyPath: '', message: 'not valid YAML' })).toBe('shop/test.yaml: not valid YAML');
    const error = new ConfigError([
      { file: 'a.yaml', line: 1, keyPath: 'tier', message: 'x' },
      { file: 'b.yaml', keyPath: '', message: 'y' },
    ]);
    expect([error.name, error.message]).toEqual(['ConfigError', 'a.yaml:1: tier: x\nb.yaml: y']);
  });

  it('escapes newline, carriage return and tab by name, every other control character as \\xNN', () => {
    expect(printable('a\nb\rc\td\u001b[31me\u0000f\u007fg\u0085h')).toBe('a\\nb\\rc\\td\\x1b[31me\\x00f\\x7fg\\x85h');
    expect(formatConfigIssue({ file: 'evil\n.yaml', line: 2, keyPath: 'tags.\u001b[2J', message: 'bad\tvalue' })).toBe('evil\\n.yaml:2: tags.\\x1b[2J: bad\\tvalue');
  });

  it('writes key paths as the user reads them in YAML: dots between keys, [n] for list items', () => {
    expect(formatKeyPath(['containerApp', 'services', 0, 'routing', 'priority'])).toBe('containerApp.services[0].routing.priority');
    expect(formatKeyPath([])).toBe('');
  });
});
