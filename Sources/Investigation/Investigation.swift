// Module Investigation.
