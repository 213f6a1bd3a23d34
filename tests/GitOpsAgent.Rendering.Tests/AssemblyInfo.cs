// Tests write stand-in executables and start them; a fork from a parallel test while a script is open for writing
// makes exec fail with "text file busy", so tests here run one at a time (they are quick).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
