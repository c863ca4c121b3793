# The settings slabhound starts gdb with, for a person working by hand on files from a vendor.
# Load it BEFORE any file:  gdb-multiarch -nx -nh -ix GdbScripts/safe-settings.gdb
#
# Why: an ELF file can carry a Python script in .debug_gdb_scripts that gdb runs when auto-load
# is on; debuginfod would reach the network; pagination and confirmations stall a pipe.
set auto-load off
set auto-load safe-path /nonexistent
set debuginfod enabled off
set pagination off
set confirm off
set width 0
set height 0
set print asm-demangle on
