// Module GdbSession.
