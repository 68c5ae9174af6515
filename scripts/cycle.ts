// Placeholder until `cycle check` lands (issue 3).
console.error('cycle: not yet — see the open issues (issues list).');
process.exit(2);
