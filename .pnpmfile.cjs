// Hooks of this workspace's pnpm.
//
// beforePacking shapes the package.json that `pnpm pack` and `pnpm publish` put in a tarball. devDependencies and
// scripts serve only this workspace, so they are left out. The dependency maps are sorted by name: pnpm fills in
// their `workspace:` ranges in whatever order they resolve, which made two packs of the same sources differ.
function sorted(map) {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function beforePacking(pkg) {
  delete pkg.devDependencies;
  delete pkg.scripts;
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    if (pkg[field]) pkg[field] = sorted(pkg[field]);
  }
  return pkg;
}

module.exports = { hooks: { beforePacking } };
