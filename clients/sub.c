int cmd_sub(int argc, char **argv) { (void)argc; (void)argv; return 2; }
