int cmd_send(int argc, char **argv) { (void)argc; (void)argv; return 2; }
