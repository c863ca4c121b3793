// Module GdbMI.
