// The tests drive the git CLI, http-backend and POSIX symlinks/modes: they run on Linux and macOS only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
