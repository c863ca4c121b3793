// Module Shell.
