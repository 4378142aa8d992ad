// STUB (issue 17): replaced by the reconcile helper.
console.log('reconcile bench: not built yet');
process.exitCode = 1;
