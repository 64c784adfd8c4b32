
t1"	Old news.0ûÿÿÿÿÿÿÿÿ