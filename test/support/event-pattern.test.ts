/**
 * The test-support EventBridge matcher itself: each filter the blueprints use, matching and not matching,
 * so the alert-rule tests built on it prove something.
 */
import { matchesEventPattern } from './event-pattern';

const event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-1234567890abcdef0'],
  detail: {
    state: 'running',
    'c-count': 5,
    'd-count': 3.5,
    flag: false,
    nothing: null,
    tags: ['prod', 'web'],
    location: { region: 'eu-central-1' },
    items: [{ kind: 'a' }, { kind: 'b' }],
  },
};

describe('EventBridge pattern matcher', () => {
  it('exact values: every field must match one of its alternatives', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'] }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.s3', 'aws.ec2'] }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.ec2'], 'detail-type': ['other'] }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { flag: [false], nothing: [null], 'c-count': [5] } }, event)).toBe(true);
    // Matching is typed: the string "5" is not the number 5.
    expect(matchesEventPattern({ detail: { 'c-count': ['5'] } }, event)).toBe(false);
  });

  it('an array in the event matches when any element matches; nested objects recurse', () => {
    expect(matchesEventPattern({ detail: { tags: ['web'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['db'] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { location: { region: ['eu-central-1'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { items: { kind: ['b'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { items: { kind: ['c'] } } }, event)).toBe(false);
  });

  it('a field missing from the event does not match a value', () => {
    expect(matchesEventPattern({ detail: { missing: ['x'] } }, event)).toBe(false);
    expect(matchesEventPattern({ absent: { deeper: ['x'] } }, event)).toBe(false);
  });

  it('prefix and suffix', () => {
    expect(matchesEventPattern({ resources: [{ prefix: 'arn:aws:ec2:' }] }, event)).toBe(true);
    expect(matchesEventPattern({ resources: [{ prefix: 'arn:aws:s3:' }] }, event)).toBe(false);
    expect(matchesEventPattern({ source: [{ suffix: '.ec2' }] }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'c-count': [{ prefix: '5' }] } }, event)).toBe(false);
  });

  it('numeric ranges, with every condition of the range applying', () => {
    expect(matchesEventPattern({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'c-count': [{ numeric: ['>', 0, '<', 5] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { 'd-count': [{ numeric: ['>=', 3.5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { 'd-count': [{ numeric: ['>=', 4] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { 'c-count': [{ numeric: ['=', 5] }] } }, event)).toBe(true);
    // Numeric filters never match strings.
    expect(matchesEventPattern({ detail: { state: [{ numeric: ['>', 0] }] } }, event)).toBe(false);
  });

  it('anything-but: single value, list of values, prefix', () => {
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': 'stopped' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { state: [{ 'anything-but': { prefix: 'stop' } }] } }, event)).toBe(true);
    // A missing field is not "anything but": there is nothing to compare.
    expect(matchesEventPattern({ detail: { missing: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
  });

  it('exists: true for present leaves, false for absent ones', () => {
    expect(matchesEventPattern({ detail: { state: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { missing: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { missing: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { state: [{ exists: false }] } }, event)).toBe(false);
    // Only leaves exist: an object is not matched by exists: true.
    expect(matchesEventPattern({ detail: { location: [{ exists: true }] } }, event)).toBe(false);
  });

  it('refuses filters it does not implement instead of guessing', () => {
    expect(() => matchesEventPattern({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, event)).toThrow(/unsupported filter "equals-ignore-case"/);
    expect(() => matchesEventPattern({ detail: { 'c-count': [{ numeric: ['!=', 1] }] } }, event)).toThrow(/unsupported numeric condition/);
    expect(() => matchesEventPattern({ source: 'aws.ec2' } as never, event)).toThrow(/array of alternatives/);
  });
});
