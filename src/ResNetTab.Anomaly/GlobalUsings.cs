// The scorers in every folder share one namespace; the neighbour searches have their own.
global using ResNetTab.Anomaly.Neighbors;
