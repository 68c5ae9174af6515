// Placeholder for commands whose issues have not landed yet: says so plainly and exits non-zero.
const name = process.argv[2] ?? 'this command';
console.error(`${name}: not yet — see the open issues (issues list).`);
process.exit(2);
