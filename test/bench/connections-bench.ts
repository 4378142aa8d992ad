// STUB (issue 17): replaced by the connections helper.
console.log('connections bench: not built yet');
process.exitCode = 1;
