
b1wireÃ("
Rain fell.