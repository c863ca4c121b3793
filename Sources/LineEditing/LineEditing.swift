// Module LineEditing.
