// Module Symbolication.
