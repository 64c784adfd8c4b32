
u1"A new field follows.Jfuture