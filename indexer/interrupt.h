// Ctrl-C (SIGINT) and SIGTERM (systemd stopping a unit, `timeout`) during a
// run of knipsel-index: the first signal asks the run to stop at the next
// file, write what it has and say so; a second one ends the process at
// once (the last commit then stands, as after a crash).
#pragma once

namespace knipsel {

// Installs the handlers, from the point where a run starts writing.
void catch_interrupts();

// Puts the default handlers back.
void release_interrupts();

// The signal that asked the run to stop, or 0.
int interrupting_signal();

// "SIGINT", "SIGTERM".
const char* signal_name(int signal);

}  // namespace knipsel
