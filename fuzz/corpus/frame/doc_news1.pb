
seed-2wire/2Title 2"ŠGermany's chancellor said on Monday that Russia must withdraw its troops from the border. Officials in Kyiv blamed Moscow for the overnight attacks on power stations.

The United Nations called for a ceasefire, and the U.S. envoy urged both sides to return to talks.*en0‚¨ð”¬3